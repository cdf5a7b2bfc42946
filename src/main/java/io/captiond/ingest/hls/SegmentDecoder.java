package io.captiond.ingest.hls;

import io.captiond.media.Pcm16k;
import io.captiond.media.Pcm16kDecoding;
import java.io.ByteArrayInputStream;
import java.nio.ShortBuffer;
import java.util.Arrays;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes one whole segment held in memory (MPEG-TS, fMP4 after its initialization section, or
 * packed audio) to 16 kHz mono s16 with FFmpeg. Each segment gets its own demuxer, so a segment that
 * is not media spoils only itself; the decoder keeps no state between segments.
 */
final class SegmentDecoder {

  /** Decoded audio and the presentation time of its first sample, {@link #NO_PTS} when unknown. */
  record Audio(long firstPtsMs, short[] samples) {
    long durationMs() {
      return samples.length / Pcm16k.SAMPLES_PER_MS;
    }
  }

  static final long NO_PTS = Long.MIN_VALUE;
  private static final int TS_PACKET = 188;

  private SegmentDecoder() {}

  static Audio decode(byte[] initSection, byte[] segment) throws SegmentDecodeException {
    byte[] media = initSection == null ? segment : concat(initSection, segment);
    // The whole segment is in memory: JavaCV seeks in a mark-supporting stream, which fMP4 needs.
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(media), 0);
    if (initSection != null) {
      grabber.setFormat("mp4");
    } else if (isTransportStream(segment)) {
      grabber.setFormat("mpegts");
    }
    Pcm16kDecoding.resampleTo16kMono(grabber);
    try {
      try {
        grabber.startUnsafe();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        throw new SegmentDecodeException("not a media segment FFmpeg can read: " + e.getMessage());
      }
      if (!grabber.hasAudio()) {
        throw new SegmentDecodeException("segment has no audio stream (format " + grabber.getFormat() + ")");
      }
      return pump(grabber);
    } finally {
      try {
        grabber.close();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        // nothing to do
      }
    }
  }

  private static Audio pump(FFmpegFrameGrabber grabber) throws SegmentDecodeException {
    short[] samples = new short[Pcm16k.SAMPLE_RATE * 4];
    int filled = 0;
    long firstPtsMs = NO_PTS;
    int errors = 0;
    while (true) {
      Frame frame;
      try {
        frame = grabber.grabSamples();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        if (++errors > 10) {
          throw new SegmentDecodeException("undecodable audio: " + e.getMessage());
        }
        continue;
      }
      if (frame == null) {
        break;
      }
      if (frame.samples == null || !(frame.samples[0] instanceof ShortBuffer buffer)) {
        continue;
      }
      if (firstPtsMs == NO_PTS) {
        firstPtsMs = frame.timestamp / 1000;
      }
      int count = buffer.remaining();
      if (filled + count > samples.length) {
        samples = Arrays.copyOf(samples, Math.max(samples.length * 2, filled + count));
      }
      // grabSamples() reuses its buffer: copy out before the next grab.
      buffer.duplicate().get(samples, filled, count);
      filled += count;
    }
    if (filled == 0) {
      throw new SegmentDecodeException("segment holds no decodable audio");
    }
    return new Audio(firstPtsMs, Arrays.copyOf(samples, filled));
  }

  private static boolean isTransportStream(byte[] data) {
    return data.length >= TS_PACKET && data[0] == 0x47 && (data.length < 2 * TS_PACKET || data[TS_PACKET] == 0x47);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
