package io.captiond.loadtest;

/**
 * When a stream's time 0 left the publisher, in wall-clock ms. Each observation "by wall time
 * {@code w}, stream time {@code s} had been sent" bounds it from above by {@code w - s}; paced
 * sending never runs ahead, so the smallest bound is the best estimate (late observations only
 * make the bound looser, never wrong the other way).
 */
final class StartClock {

  private long estimateMs = Long.MAX_VALUE;
  private long observations;

  synchronized void observe(long wallMs, long streamMs) {
    observations++;
    estimateMs = Math.min(estimateMs, wallMs - streamMs);
  }

  synchronized boolean known() {
    return observations > 0;
  }

  /** The wall-clock time of stream time 0. */
  synchronized long startMs() {
    if (observations == 0) {
      throw new IllegalStateException("no observation of the stream's start");
    }
    return estimateMs;
  }

  synchronized long observations() {
    return observations;
  }
}
