package io.captiond.ingest.rtmp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One server's budget for partly received messages, shared by all its connections: each
 * connection's own bound ({@link RtmpSettings#maxPendingBytes()}) times the connection cap would
 * be gigabytes, so the bytes held across all of them are bounded too. Safe from any thread.
 */
public final class PendingBudget {

  private final long limit;
  private final AtomicLong held = new AtomicLong();

  public PendingBudget(long limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("pending budget is " + limit + ", must be positive");
    }
    this.limit = limit;
  }

  /** A budget no connection can exhaust, for a decoder used alone. */
  public static PendingBudget unbounded() {
    return new PendingBudget(Long.MAX_VALUE);
  }

  /** Takes {@code bytes} if they fit; otherwise takes nothing and returns false. */
  public boolean reserve(long bytes) {
    long now = held.get();
    while (true) {
      if (now + bytes > limit) {
        return false;
      }
      long witness = held.compareAndExchange(now, now + bytes);
      if (witness == now) {
        return true;
      }
      now = witness;
    }
  }

  public void release(long bytes) {
    held.addAndGet(-bytes);
  }

  public long held() {
    return held.get();
  }

  public long limit() {
    return limit;
  }
}
