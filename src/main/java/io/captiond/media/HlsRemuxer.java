package io.captiond.media;

import io.captiond.media.hls.HlsFolder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Re-publishes a live byte stream FFmpeg demuxes (MPEG-TS from an SRT source; FLV) as live HLS without
 * transcoding: FFmpeg's HLS muxer on MPEG-TS segments, packets copied ({@code grabPacket} →
 * {@link HlsOutput}). An RTMP publish has no demuxer: its tags go to an {@link FlvTagMuxer}. Writes
 * the files {@link HlsFolder} names: {@code index.m3u8}, {@code seg<N>.ts} and, once a segment's worth
 * of media has passed, {@code master.m3u8} naming the media playlist with CODECS, BANDWIDTH and
 * RESOLUTION. A folder an earlier run left a playlist in is continued ({@link RemuxContinuation}).
 * Blocking: {@link #run} occupies its thread until the stream ends.
 */
public final class HlsRemuxer {

  /**
   * @param segmentSeconds target segment duration (segments cut at keyframes)
   * @param windowSegments segments listed in the live playlist; older ones are deleted
   * @param held the served media playlist is held for its subtitles (synced mode): the muxer writes
   *     {@link HlsFolder#REMUXED} instead, and keeps a window's worth more segments for the held list
   * @param closedCaptions the video carries CEA-608 CC1 ({@code hls_out.embedded_captions}): the
   *     master playlist declares it
   */
  public record Settings(int segmentSeconds, int windowSegments, boolean held, boolean closedCaptions) {

    public Settings(int segmentSeconds, int windowSegments) {
      this(segmentSeconds, windowSegments, false);
    }

    public Settings(int segmentSeconds, int windowSegments, boolean held) {
      this(segmentSeconds, windowSegments, held, false);
    }

    /** The media playlist the muxer writes. */
    public String playlist() {
      return held ? HlsFolder.REMUXED : HlsFolder.MEDIA;
    }

    /** Segments kept after they leave the muxer's list; a held list runs up to a window behind it. */
    int deleteThreshold() {
      return held ? windowSegments + 2 : 2;
    }
  }

  /**
   * Where the output's clock starts: the input time (stream ms, as the FLV tags carry it) of the
   * first video and the first audio packet written, {@link #NONE} for a track that has none. The
   * first PES of each track in the first segment carries that packet's PTS, so the two together
   * tie stream time to the MPEG-TS clock, whatever offset the muxer adds (subtitle timestamp maps).
   */
  public record Origin(long firstVideoMs, long firstAudioMs) {
    public static final long NONE = Long.MIN_VALUE;
  }

  /** How every reason the HLS output gave up begins. */
  public static final String STOPPED = "HLS output stopped: ";

  private static final Logger LOG = Logger.getLogger(HlsRemuxer.class.getName());

  private HlsRemuxer() {}

  /** Remuxes until end of stream; returns {@code null} then, or why it gave up. */
  public static String run(String streamId, InputStream flv, Path dir, Settings settings,
      BooleanSupplier stopped) {
    return run(streamId, flv, dir, settings, stopped, origin -> {});
  }

  /** As above; {@code onOrigin} hears, once, where the output's clock starts (on this thread). */
  public static String run(String streamId, InputStream flv, Path dir, Settings settings,
      BooleanSupplier stopped, Consumer<Origin> onOrigin) {
    return run(streamId, flv, "flv", dir, settings, stopped, onOrigin);
  }

  /** As above, from a live byte stream in another container FFmpeg demuxes ({@code mpegts}: an SRT source). */
  public static String run(String streamId, InputStream in, String format, Path dir, Settings settings,
      BooleanSupplier stopped, Consumer<Origin> onOrigin) {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(in, 0);
    grabber.setFormat(format);
    // Enough probing to learn both tracks and the picture size (the output needs them), bounded.
    grabber.setOption("probesize", "500000");
    grabber.setOption("analyzeduration", "2000000");
    // The grabber opens a decoder per track that copying never uses: with FFmpeg's default (one frame
    // thread per core, plus one) each stream held that many idle H.264 decoder threads and contexts.
    grabber.setVideoOption("threads", "1");
    HlsOutput output = null;
    try {
      grabber.startUnsafe();
      output = HlsOutput.open(streamId, grabber.getFormatContext(), dir, settings, onOrigin);
      AVPacket packet;
      while (!stopped.getAsBoolean() && (packet = grabber.grabPacket()) != null) {
        output.write(packet);
      }
      output.finish();
      return null;
    } catch (IOException | RuntimeException e) {
      return stopped.getAsBoolean() ? null : STOPPED + e.getMessage();
    } finally {
      if (output != null) {
        output.close();
      }
      try {
        grabber.close();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        LOG.fine(() -> "closing the HLS grabber: " + e.getMessage());
      }
    }
  }
}
