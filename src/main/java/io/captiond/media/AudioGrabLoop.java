package io.captiond.media;

import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import java.util.logging.Logger;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * The FFmpeg read loop every audio source here runs (pull sources, the RTMP publisher's decoder):
 * grab 16 kHz mono frames from a started grabber, regroup them into fixed-size chunks in stream time,
 * hand each on, and flush the last partial chunk at the end. An undecodable frame is skipped with a
 * warning; more than {@code maxConsecutiveErrors} in a row end the loop with the error. Blocking: runs
 * on the caller's thread until end of stream, {@code stopped}, or failure.
 */
public final class AudioGrabLoop {

  private static final Logger LOG = Logger.getLogger(AudioGrabLoop.class.getName());

  private AudioGrabLoop() {}

  /**
   * Runs the loop.
   *
   * @param decodeNanos hears how long each successful grab took
   * @return {@code null} at end of stream or when stopped; otherwise the last decode error's message
   */
  public static String run(String streamId, FFmpegFrameGrabber grabber, int chunkMs, int maxConsecutiveErrors,
      BooleanSupplier stopped, LongConsumer decodeNanos, PcmSink sink) throws InterruptedException {
    return run(grabber, new ChunkAssembler(streamId, chunkMs), maxConsecutiveErrors, stopped, decodeNanos, sink,
        streamId);
  }

  /**
   * As {@link #run(String, FFmpegFrameGrabber, int, int, BooleanSupplier, LongConsumer, PcmSink)}, into the
   * caller's {@code chunks}: a caller that learns, on this thread, that the audio so far is complete may
   * flush the partly filled chunk itself.
   */
  public static String run(FFmpegFrameGrabber grabber, ChunkAssembler chunks, int maxConsecutiveErrors,
      BooleanSupplier stopped, LongConsumer decodeNanos, PcmSink sink, String streamId) throws InterruptedException {
    int consecutiveErrors = 0;
    while (!stopped.getAsBoolean()) {
      Frame frame;
      long began = System.nanoTime();
      try {
        frame = grabber.grabSamples();
        decodeNanos.accept(System.nanoTime() - began);
        consecutiveErrors = 0;
      } catch (FrameGrabber.Exception | RuntimeException e) {
        if (++consecutiveErrors > maxConsecutiveErrors) {
          return String.valueOf(e.getMessage());
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
      for (PcmChunk chunk : chunks.add(frame.timestamp / 1000, samples)) {
        sink.accept(chunk);
      }
    }
    PcmChunk rest = chunks.flush();
    if (rest != null) {
      sink.accept(rest);
    }
    return null;
  }
}
