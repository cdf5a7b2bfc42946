package io.captiond.media;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Holds a source's stream time to the wall clock, as a live stream would arrive: stream time t is
 * released no earlier than t after the first stream time seen, less an allowance to run ahead.
 * Two uses:
 * <ul>
 *   <li>{@link #strict()}: a recorded file or VOD playlist paced like a live stream; a source that
 *       fell behind (slow decoding) catches up at full speed.</li>
 *   <li>{@link #allowingAhead}: a live publisher, never held back by an encoder's burst of up to the
 *       allowance, but one that sends faster than real time cannot flood the session with audio.
 *       Wall time lost while it was away (behind by more than the allowance) is not made up for: the
 *       origin moves, so that a gap is no licence to send its length at any speed.</li>
 * </ul>
 * The clock it keeps: the wall time (a monotonic nano clock) at which a stream time is due.
 * Single-threaded: one per source thread.
 */
public final class RealTimePacer {

  private static final long NAP_MS = 100;

  private final long maxAheadMs;
  private final long maxBehindMs;
  private final LongSupplier nanoClock;
  private long originNanos = -1;
  private long originStreamMs;

  private RealTimePacer(long maxAheadMs, long maxBehindMs, LongSupplier nanoClock) {
    this.maxAheadMs = maxAheadMs;
    this.maxBehindMs = maxBehindMs;
    this.nanoClock = nanoClock;
  }

  public static RealTimePacer strict() {
    return new RealTimePacer(0, Long.MAX_VALUE, System::nanoTime);
  }

  public static RealTimePacer allowingAhead(long maxAheadMs) {
    return allowingAhead(maxAheadMs, System::nanoTime);
  }

  static RealTimePacer allowingAhead(long maxAheadMs, LongSupplier nanoClock) {
    return new RealTimePacer(maxAheadMs, maxAheadMs, nanoClock);
  }

  /**
   * Starts the clock again at the next stream time seen, as at the first: after a stretch handed on
   * unpaced (what a publisher that left had sent), the audio that follows is paced from where it begins.
   */
  public void restart() {
    originNanos = -1;
  }

  /** How long to wait before stream time {@code streamMs} may be handed on, in ns; 0 for at once. */
  public long delayNanos(long streamMs) {
    long now = nanoClock.getAsLong();
    if (originNanos < 0) {
      originNanos = now;
      originStreamMs = streamMs;
      return 0;
    }
    long wallNanos = now - originNanos;
    long wallMs = wallNanos / 1_000_000;
    if (streamMs - originStreamMs - wallMs < -maxBehindMs) {
      originStreamMs = streamMs - wallMs;
      return 0;
    }
    long aheadNanos = (streamMs - originStreamMs) * 1_000_000 - wallNanos;
    return Math.max(0, aheadNanos - maxAheadMs * 1_000_000);
  }

  /** As {@link #delayNanos}, in whole milliseconds. */
  public long delayMs(long streamMs) {
    return delayNanos(streamMs) / 1_000_000;
  }

  /** Blocks until {@code streamMs} is due. */
  public void waitUntil(long streamMs) throws InterruptedException {
    long waitNanos = delayNanos(streamMs);
    if (waitNanos > 0) {
      Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
    }
  }

  /** Sleeps until {@code streamMs} is due, in short naps so that {@code stopped} is heeded. */
  public void await(long streamMs, BooleanSupplier stopped) throws InterruptedException {
    long delay;
    while ((delay = delayMs(streamMs)) > 0 && !stopped.getAsBoolean()) {
      Thread.sleep(Math.min(delay, NAP_MS));
    }
  }
}
