package io.captiond.loadtest;

/**
 * A time bound on a phase of the run. Every wait in the harness asks one, so a stuck server or
 * client ends the run with a message naming the phase instead of hanging it.
 */
final class Deadline {

  private final String phase;
  private final long endNanos;
  private final long limitMs;

  private Deadline(String phase, long limitMs) {
    this.phase = phase;
    this.limitMs = limitMs;
    this.endNanos = System.nanoTime() + limitMs * 1_000_000;
  }

  static Deadline in(String phase, long ms) {
    return new Deadline(phase, ms);
  }

  /** The sooner of this bound and a new one of {@code ms}, for a sub-phase. */
  Deadline within(String subPhase, long ms) {
    Deadline own = new Deadline(subPhase, ms);
    return own.endNanos <= endNanos ? own : new Deadline(phase + " / " + subPhase, remainingMs());
  }

  long remainingMs() {
    return Math.max(0, (endNanos - System.nanoTime()) / 1_000_000);
  }

  boolean passed() {
    return System.nanoTime() >= endNanos;
  }

  /** Throws when the bound has passed; {@code what} says what was still awaited. */
  void check(String what) {
    if (passed()) {
      throw new HarnessException("timed out after " + limitMs + " ms in phase '" + phase + "': " + what);
    }
  }

  /** Sleeps {@code ms} or until the bound, whichever comes first. */
  void sleep(long ms) {
    try {
      Thread.sleep(Math.max(0, Math.min(ms, remainingMs())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HarnessException("interrupted in phase '" + phase + "'");
    }
  }
}
