package io.captiond.captions.hls;

/**
 * How long after it was seen synced mode lists a segment: one delay for the stream, so that segments reach
 * players at the video's own pace. A player starts about three segments behind the edge it sees at start and
 * refreshes its video and subtitle playlists on separate timers; a segment listed later after its end than the
 * ones before eats into that cushion, and the cues at its start reach the player after the frames they belong
 * to. So the delay rises at once to a longer wait for captions ({@link #held}), and falls back only slowly
 * ({@link #listed}: a twentieth of each segment listed, so segments then come 5% quicker than real time, which
 * only adds to a playing viewer's cushion), never below the floor a stream starts with, never above the longest
 * hold. Pure: times are milliseconds passed in; not thread-safe.
 */
final class SteadyVideoDelay {

  /** Each segment listed lets the delay fall by its duration divided by this. */
  static final int FALL_DIVISOR = 20;

  private final long floorMs;
  private final long maxMs;
  private long delayMs;

  /**
   * @param floorMs the least delay, and the one a stream starts with (so the first listing has the cushion)
   * @param maxMs the most (the longest hold)
   */
  SteadyVideoDelay(long floorMs, long maxMs) {
    if (floorMs < 0 || maxMs < floorMs) {
      throw new IllegalArgumentException("need 0 <= the least video delay <= the longest hold, were " + floorMs
          + " ms and " + maxMs + " ms");
    }
    this.floorMs = floorMs;
    this.maxMs = maxMs;
    this.delayMs = floorMs;
  }

  /** The delay now: a segment is listed no sooner than this after it was seen. */
  long delayMs() {
    return delayMs;
  }

  /** A segment's captions were ready {@code waitedMs} after it was seen: the delay rises to that at once. */
  void held(long waitedMs) {
    delayMs = Math.min(maxMs, Math.max(delayMs, waitedMs));
  }

  /** A segment of {@code durationMs} was listed: the delay falls back a step towards the floor. */
  void listed(long durationMs) {
    delayMs = Math.max(floorMs, delayMs - Math.max(0, durationMs) / FALL_DIVISOR);
  }
}
