package io.captiond.ingest.hls;

/**
 * Holds a complete (VOD) playlist back to real time: stream time t is released no earlier than t
 * after the first. (The same rule as the pull source's pacer, which is private to its package.)
 */
final class RealTimePacer {

  private long originNanos = -1;
  private long originStreamMs;

  void waitUntil(long streamMs) throws InterruptedException {
    if (originNanos < 0) {
      originNanos = System.nanoTime();
      originStreamMs = streamMs;
      return;
    }
    long waitNanos = originNanos + (streamMs - originStreamMs) * 1_000_000 - System.nanoTime();
    if (waitNanos > 0) {
      Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
    }
  }
}
