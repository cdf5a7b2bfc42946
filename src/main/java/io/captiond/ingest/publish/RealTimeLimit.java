package io.captiond.ingest.publish;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Keeps a live source's stream time from running more than {@code maxAheadMs} ahead of the wall
 * clock: the decoder thread that calls {@link #await} sleeps, its FLV pipe fills, and the publisher's
 * excess is dropped at the pipe with a logged reason. A live publisher is never held back (it sends in
 * real time, with at most an encoder's burst); one that sends faster than real time cannot flood the
 * session with audio. Wall time lost while no publisher was connected is not made up for.
 */
final class RealTimeLimit {

  private final long maxAheadMs;
  private final LongSupplier nanoClock;
  private long originNanos = -1;
  private long originStreamMs;

  RealTimeLimit(long maxAheadMs, LongSupplier nanoClock) {
    this.maxAheadMs = maxAheadMs;
    this.nanoClock = nanoClock;
  }

  /** How long to wait before stream time {@code streamMs} may be handed on; 0 for at once. */
  long delayMs(long streamMs) {
    long now = nanoClock.getAsLong();
    if (originNanos < 0) {
      originNanos = now;
      originStreamMs = streamMs;
      return 0;
    }
    long wallMs = (now - originNanos) / 1_000_000;
    long ahead = streamMs - originStreamMs - wallMs;
    if (ahead < -maxAheadMs) {
      // Behind by more than the allowance (a reconnect gap): move the origin, so that the gap does
      // not become a licence to send its length at any speed.
      originStreamMs = streamMs - wallMs;
      return 0;
    }
    return Math.max(0, ahead - maxAheadMs);
  }

  /** Sleeps until {@code streamMs} is due, in short naps so that {@code stopped} is heeded. */
  void await(long streamMs, BooleanSupplier stopped) throws InterruptedException {
    long delay;
    while ((delay = delayMs(streamMs)) > 0 && !stopped.getAsBoolean()) {
      Thread.sleep(Math.min(delay, 100));
    }
  }
}
