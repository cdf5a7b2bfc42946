package io.captiond.media;

/**
 * Holds a recorded source back to real time, as a live stream would arrive: stream time t is
 * released no earlier than t after the first stream time seen. Used by file and VOD sources when
 * asked to pace; single-threaded.
 */
public final class RealTimePacer {

  private long originNanos = -1;
  private long originStreamMs;

  /** Blocks until {@code streamMs} is due. */
  public void waitUntil(long streamMs) throws InterruptedException {
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
