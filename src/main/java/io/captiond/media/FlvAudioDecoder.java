package io.captiond.media;

import java.io.InputStream;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes the AAC track of a live FLV byte stream to 16 kHz mono PCM chunks stamped with the FLV
 * timestamps (the stream time). FFmpeg through JavaCV: {@code FFmpegFrameGrabber(in, 0)} (no
 * whole-stream buffering), tiny probe, {@code startUnsafe()} (no global lock). Blocking: {@link #run}
 * occupies its thread until the stream ends, fails, or {@code stopped} says so.
 */
public final class FlvAudioDecoder {

  private static final Logger LOG = Logger.getLogger(FlvAudioDecoder.class.getName());
  private static final int MAX_CONSECUTIVE_ERRORS = 50;

  private FlvAudioDecoder() {}

  /**
   * Decodes until end of stream, in {@code chunks} (the caller's, so that it may flush the last partial
   * chunk itself, on this thread, when it learns the audio so far is complete); returns {@code null} at
   * the end, or why it had to give up.
   */
  public static String run(String streamId, InputStream flv, ChunkAssembler chunks, PcmSink sink,
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
      String error = AudioGrabLoop.run(grabber, chunks, MAX_CONSECUTIVE_ERRORS, stopped, nanos -> {}, sink,
          streamId);
      return error == null ? null : "the published audio keeps failing to decode: " + error;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
