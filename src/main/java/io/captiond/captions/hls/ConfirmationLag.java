package io.captiond.captions.hls;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How long the confirmed captions have lately trailed the engine's transcription, measured: each point the
 * engine has transcribed up to is timed until the captions are settled past it. The hold-back after a
 * segment's transcription stretches to this lag (and a little more), so a busy machine, where words are
 * confirmed several seconds after they were first transcribed, lets its segments wait for their captions
 * instead of sending them out empty; {@link #budgetMs} never goes below the configured hold-back nor above
 * the longest hold. Pure: time comes in as arguments (stream ms, a monotonic {@code nowMs}); not thread-safe.
 */
final class ConfirmationLag {

  /** Measurements the lag is taken from: the most recent ones, the largest of them counting. */
  static final int RECENT = 8;
  /** Added to the measured lag: settling comes in steps, and the segment should not go a moment too early. */
  static final long SLACK_MS = 1_000;
  /** Transcription points waiting to be settled, at most: one per window, so a minute or more. */
  private static final int MAX_MARKS = 256;

  private record Mark(long streamMs, long atMs) {}

  private final Deque<Mark> marks = new ArrayDeque<>();
  private final Deque<Long> recent = new ArrayDeque<>();

  /** The engine has transcribed the audio before {@code streamMs}, at {@code nowMs}. */
  void transcribed(long streamMs, long nowMs) {
    if (!marks.isEmpty() && marks.peekLast().streamMs() >= streamMs) {
      return;
    }
    if (marks.size() == MAX_MARKS) {
      marks.poll();
    }
    marks.add(new Mark(streamMs, nowMs));
  }

  /** The captions are settled up to {@code streamMs}, at {@code nowMs}: the points it passed are measured. */
  void settled(long streamMs, long nowMs) {
    Mark passed = null;
    while (!marks.isEmpty() && marks.peek().streamMs() <= streamMs) {
      passed = marks.poll();
    }
    if (passed != null) {
      recent.add(Math.max(0, nowMs - passed.atMs()));
      while (recent.size() > RECENT) {
        recent.poll();
      }
    }
  }

  /** The lag measured lately (the largest recent one), or -1 before any. */
  long lagMs() {
    return recent.stream().mapToLong(Long::longValue).max().orElse(-1);
  }

  /** How long a transcribed segment may wait for its captions: the hold-back, or the lag and slack, up to {@code maxMs}. */
  long budgetMs(long holdbackMs, long maxMs) {
    long lag = lagMs();
    return lag < 0 ? holdbackMs : Math.min(maxMs, Math.max(holdbackMs, lag + SLACK_MS));
  }
}
