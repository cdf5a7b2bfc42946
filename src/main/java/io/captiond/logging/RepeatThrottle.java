package io.captiond.logging;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Keeps a failure that repeats from flooding the log: the first occurrence of a kind is logged in full,
 * the repeats of the same kind are counted, and once per interval one summary line tells how many there
 * were since the last line, and since when the failure has gone on. A different kind, a repeat after a
 * quiet interval, or a {@link #reset} (a recovery) ends the run: what is held is summarised at once and
 * the next occurrence is logged in full. Only log lines are throttled: metrics count every occurrence.
 *
 * <p>One kind at a time (the failures of one owner, e.g. one stream's decodes, come one after another);
 * not thread-safe: use it on its owner's thread. Time comes from the clock it is given, in milliseconds.
 */
public final class RepeatThrottle {

  /** How often a failure that goes on is summarised, at most. */
  public static final long INTERVAL_MS = 10_000;

  /** Writes the summary of the repeats held back. */
  public interface Summary {
    /**
     * @param held repeats not logged since the last line about the run
     * @param overMs the time they came in
     * @param sinceFirstMs the time since the run's first occurrence (the one logged in full)
     * @param latest the latest repeat's message, in full
     */
    void held(long held, long overMs, long sinceFirstMs, String latest);
  }

  private final long intervalMs;
  private final LongSupplier clockMs;
  private final Summary summary;
  private String kind;
  private String latest;
  private long firstAtMs;
  private long lineAtMs;
  private long lastAtMs;
  private long held;

  public RepeatThrottle(LongSupplier clockMs, Summary summary) {
    this(INTERVAL_MS, clockMs, summary);
  }

  public RepeatThrottle(long intervalMs, LongSupplier clockMs, Summary summary) {
    if (intervalMs <= 0) {
      throw new IllegalArgumentException("interval must be positive, was " + intervalMs + " ms");
    }
    this.intervalMs = intervalMs;
    this.clockMs = Objects.requireNonNull(clockMs, "clockMs");
    this.summary = Objects.requireNonNull(summary, "summary");
  }

  /**
   * What tells repeats apart: {@code message} up to its first digit. Times, counts, reply addresses and
   * ids differ from one occurrence to the next; the kind of failure, said before them, does not.
   */
  public static String kindOf(String message) {
    if (message == null) {
      return "";
    }
    for (int i = 0; i < message.length(); i++) {
      if (Character.isDigit(message.charAt(i))) {
        return message.substring(0, i);
      }
    }
    return message;
  }

  /**
   * One occurrence of {@code kind} ({@code message} says it in full). Returns whether to log it in full;
   * when not, it is counted, and the summary written once the interval since the last line is over.
   */
  public boolean admit(String kind, String message) {
    long now = clockMs.getAsLong();
    if (kind.equals(this.kind) && now - lastAtMs < intervalMs) {
      held++;
      latest = message;
      lastAtMs = now;
      if (now - lineAtMs >= intervalMs) {
        summarise(now);
      }
      return false;
    }
    reset();
    this.kind = kind;
    latest = message;
    firstAtMs = now;
    lineAtMs = now;
    lastAtMs = now;
    return true;
  }

  /** Writes the summary of what is held once its interval is over, without waiting for another repeat. */
  public void flushIfDue() {
    if (held > 0) {
      long now = clockMs.getAsLong();
      if (now - lineAtMs >= intervalMs) {
        summarise(now);
      }
    }
  }

  /** Ends the run (a recovery, the end of the owner): what is held is summarised now. */
  public void reset() {
    if (held > 0) {
      summarise(clockMs.getAsLong());
    }
    kind = null;
    latest = null;
  }

  /** Repeats held back since the last line. */
  public long held() {
    return held;
  }

  private void summarise(long now) {
    long count = held;
    held = 0;
    summary.held(count, now - lineAtMs, now - firstAtMs, latest);
    lineAtMs = now;
  }
}
