package io.captiond.media;

import io.captiond.ingest.pull.ChunkAssembler;
import java.io.InputStream;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes the AAC track of a live FLV byte stream to 16 kHz mono PCM chunks stamped with the FLV
 * timestamps (the stream time). FFmpeg through JavaCV: {@code FFmpegFrameGrabber(in, 0)} (no
 * whole-stream buffering), tiny probe, {@code startUnsafe()} (no global lock). Blocking: {@link #run}
 * occupies its thread until the stream ends, fails, or {@code stopped} says so.
 */
public final class FlvAudioDecoder {

  /** Receives each chunk; must not block for long. */
  public interface Sink {
    void accept(PcmChunk chunk);
  }

  private static final Logger LOG = Logger.getLogger(FlvAudioDecoder.class.getName());
  private static final int MAX_CONSECUTIVE_ERRORS = 50;

  private FlvAudioDecoder() {}

  /** Decodes until end of stream; returns {@code null} then, or why it had to give up. */
  public static String run(String streamId, InputStream flv, int chunkMs, Sink sink,
      BooleanSupplier stopped) {
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(flv, 0);
    grabber.setFormat("flv");
    grabber.setOption("probesize", "32");
    grabber.setOption("analyzeduration", "0");
    Pcm16kDecoding.resampleTo16kMono(grabber);
    try {
      try {
        grabber.startUnsafe();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        return stopped.getAsBoolean() ? null : "cannot decode the published audio: " + e.getMessage();
      }
      ChunkAssembler chunks = new ChunkAssembler(streamId, chunkMs);
      int errors = 0;
      while (!stopped.getAsBoolean()) {
        Frame frame;
        try {
          frame = grabber.grabSamples();
          errors = 0;
        } catch (FrameGrabber.Exception | RuntimeException e) {
          if (++errors > MAX_CONSECUTIVE_ERRORS) {
            return "the published audio keeps failing to decode: " + e.getMessage();
          }
          LOG.warning(() -> "stream " + streamId + ": skipping undecodable audio: " + e.getMessage());
          continue;
        }
        if (frame == null) {
          break;
        }
        short[] samples = Pcm16kDecoding.copySamples(frame);
        if (samples == null) {
          continue;
        }
        chunks.add(frame.timestamp / 1000, samples).forEach(sink::accept);
      }
      PcmChunk rest = chunks.flush();
      if (rest != null) {
        sink.accept(rest);
      }
      return null;
    } finally {
      try {
        grabber.close();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        LOG.fine(() -> "closing the audio decoder: " + e.getMessage());
      }
    }
  }
}
