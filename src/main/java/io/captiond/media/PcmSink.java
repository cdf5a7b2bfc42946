package io.captiond.media;

/** Where a source hands its PCM chunks, in stream order; may block to slow the source down (pacing, backpressure). */
@FunctionalInterface
public interface PcmSink {
  void accept(PcmChunk chunk) throws InterruptedException;
}
