package io.captiond.session;

import java.util.HashMap;
import java.util.Map;

/**
 * When a stream's record is written again for its totals alone ({@link StreamStats}), between the writes its
 * state changes make: a server killed outright (kill -9, a power cut) resumes its streams' totals from at most
 * {@link #INTERVAL_MS} back, not from when they last changed state. Plain data, used on the registry's loop.
 */
final class StatsCheckpoints {

  static final long INTERVAL_MS = 10_000;

  private final Map<String, Long> writtenAtMs = new HashMap<>();

  /** Whether stream {@code id}'s totals are due to be written at {@code nowMs}; if so, counts them written. */
  boolean due(String id, long nowMs) {
    Long last = writtenAtMs.get(id);
    if (last != null && nowMs - last < INTERVAL_MS) {
      return false;
    }
    writtenAtMs.put(id, nowMs);
    return true;
  }

  /** The stream's record was written now (a state change): the next checkpoint counts from here. */
  void written(String id, long nowMs) {
    writtenAtMs.put(id, nowMs);
  }

  void forget(String id) {
    writtenAtMs.remove(id);
  }
}
