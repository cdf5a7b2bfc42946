package io.captiond.restream;

/**
 * Bits per second over the last few whole seconds: bytes are added into one-second buckets, the
 * rate is their sum over the window. Written by the sender, read by whoever asks for status.
 */
final class BitrateMeter {

  private final int windowSeconds;
  private final long[] buckets;
  private final long[] bucketSecond;

  BitrateMeter(int windowSeconds) {
    this.windowSeconds = windowSeconds;
    this.buckets = new long[windowSeconds + 1];
    this.bucketSecond = new long[windowSeconds + 1];
  }

  synchronized void add(long bytes, long nowMs) {
    long second = nowMs / 1000;
    int i = (int) (second % buckets.length);
    if (bucketSecond[i] != second) {
      bucketSecond[i] = second;
      buckets[i] = 0;
    }
    buckets[i] += bytes;
  }

  /** The bits per second over the {@code windowSeconds} whole seconds before {@code nowMs}'s second. */
  synchronized long bitsPerSecond(long nowMs) {
    long current = nowMs / 1000;
    long bytes = 0;
    for (int i = 0; i < buckets.length; i++) {
      if (bucketSecond[i] < current && bucketSecond[i] >= current - windowSeconds) {
        bytes += buckets[i];
      }
    }
    return bytes * 8 / windowSeconds;
  }
}
