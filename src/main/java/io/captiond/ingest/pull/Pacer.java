package io.captiond.ingest.pull;

/** Holds a file source back to real time: stream time t is released no earlier than t after the first. */
final class Pacer {

  private final boolean enabled;
  private long originNanos = -1;
  private long originStreamMs;

  Pacer(boolean enabled) {
    this.enabled = enabled;
  }

  void waitUntil(long streamMs) throws InterruptedException {
    if (!enabled) {
      return;
    }
    if (originNanos < 0) {
      originNanos = System.nanoTime();
      originStreamMs = streamMs;
      return;
    }
    long dueNanos = originNanos + (streamMs - originStreamMs) * 1_000_000;
    long waitNanos = dueNanos - System.nanoTime();
    if (waitNanos > 0) {
      Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
    }
  }
}
