package io.captiond.restream;

import java.time.Duration;

/**
 * Limits of one restream output.
 *
 * @param connectTimeout TCP connect plus handshake plus publish must finish within it
 * @param initialBackoff the wait before the first retry; doubled per failure in a row
 * @param maxBackoff the longest wait between attempts
 * @param maxAttempts failures in a row before {@link OutputState#FAILED}; 0 retries forever
 * @param chunkSize the outgoing RTMP chunk size (Set Chunk Size right after the handshake)
 * @param maxQueuedBytes bytes waiting in the socket's buffer before frames are dropped (up to the
 *     next key frame)
 * @param maxIncomingMessage the largest message accepted from the server
 */
public record RestreamConfig(Duration connectTimeout, Duration initialBackoff, Duration maxBackoff,
    int maxAttempts, int chunkSize, int maxQueuedBytes, int maxIncomingMessage) {

  public RestreamConfig {
    if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("back-off must be positive and at most its maximum, was "
          + initialBackoff + " to " + maxBackoff);
    }
    if (maxAttempts < 0 || chunkSize < 128 || chunkSize > 0xFFFFFF || maxQueuedBytes < 65_536) {
      throw new IllegalArgumentException("need attempts >= 0, a chunk size 128..2^24-1 and a queue of at least 64 KiB");
    }
  }

  public static RestreamConfig defaults() {
    return new RestreamConfig(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(30), 0,
        4096, 8 << 20, 1 << 20);
  }

  public RestreamConfig withBackoff(Duration initial, Duration max, int attempts) {
    return new RestreamConfig(connectTimeout, initial, max, attempts, chunkSize, maxQueuedBytes, maxIncomingMessage);
  }

  /** The wait before attempt {@code failures + 1}, after {@code failures} failures in a row (1..). */
  public Duration backoff(int failures) {
    long initial = initialBackoff.toMillis();
    int doublings = Math.min(Math.max(failures - 1, 0), 30);
    long ms = initial << doublings;
    return ms <= 0 || ms > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(ms);
  }
}
