package io.captiond.session;

/**
 * How often a windowed policy decodes its open speech, and how much of it each decode covers, when the
 * recognizer cannot keep up. Re-decoding the growing window every step costs the engine the window's length
 * each step: on a busy machine a decode takes longer than the step, the next window is longer still, and the
 * captions fall further and further behind the speech. Here each decode's time is compared with the step:
 * after {@link #BEHIND_DECODES} decodes in a row that took longer than the step (or one that took more than
 * twice the step, which slows it as many notches as it takes for the step to reach half that time), the pace
 * slows one notch (a stream's first decode, which pays for warming up, counts for nothing),
 * alternately by halving the re-decoded window (down to the step plus {@link #OVERLAP_MS}, what the next
 * decode needs to agree on the last one's words) and by doubling the step (up to {@code maxStepMs}); both cut
 * the engine's work per second of audio, the first for engines whose time follows the audio's length
 * (pocketsphinx), the second also for engines with a fixed cost per decode (Whisper pads to 30 s). After
 * {@link #CALM_DECODES} decodes in a row within half the step it quickens one notch the same way back, to
 * the configured step and window. A decode measured under an older pace (cut before the change) counts for
 * neither.
 *
 * <p>At the slowest pace ({@link #atSlowest}: the longest step, the shortest window) an engine that still takes
 * longer than the step cannot decode the audio even once as fast as it comes; the policy then decodes only the
 * newest audio, confirms each decode's words at once and skips what the engine cannot reach (a gap in the
 * captions), so that the captions stay live rather than complete and ever later.
 *
 * <p>What it does to caption lag: at the configured pace a confirmed word trails its audio by about two
 * steps and a decode; slowed, by up to two stretched steps and a (shorter) decode, so at most about
 * {@code 2 x maxStepMs} plus a decode (one step and a decode when skipping), where without it the lag grows for as
 * long as the machine stays busy.
 *
 * <p>Pure: decode times come in as arguments, time as milliseconds. Not thread-safe: one per stream.
 */
public final class DecodePacer {

  /** Decodes in a row slower than the step before the pace slows. */
  static final int BEHIND_DECODES = 2;
  /** Decodes in a row that took at most half the step before the pace quickens. */
  static final int CALM_DECODES = 4;
  /** Audio a capped window keeps before the new audio: decoded a second time, so its words can agree. */
  public static final long OVERLAP_MS = 2_000;

  /**
   * The pace now.
   *
   * @param stepMs new audio between two decodes of open speech
   * @param windowCapMs the longest window decoded again (the configured max window when not slowed)
   * @param lastDecodeMs how long the last decode took
   */
  public record Pace(long stepMs, long windowCapMs, long lastDecodeMs) {}

  private final long configuredStepMs;
  private final long maxStepMs;
  private final long maxWindowMs;
  private long stepMs;
  private long windowCapMs;
  private long lastDecodeMs;
  private long measuredFromMs = Long.MIN_VALUE;
  private int behind;
  private int calm;
  private boolean warm;
  private boolean shrankLast;
  private boolean widenedLast;

  /**
   * @param stepMs the configured step
   * @param maxStepMs the longest step when slowed; at least {@code stepMs}
   * @param maxWindowMs the configured max window
   */
  public DecodePacer(long stepMs, long maxStepMs, long maxWindowMs) {
    if (stepMs <= 0 || maxStepMs < stepMs || maxWindowMs < stepMs) {
      throw new IllegalArgumentException("need 0 < step <= max step and step <= max window, were " + stepMs + ", "
          + maxStepMs + ", " + maxWindowMs + " ms");
    }
    this.configuredStepMs = stepMs;
    this.maxStepMs = maxStepMs;
    this.maxWindowMs = maxWindowMs;
    this.stepMs = stepMs;
    this.windowCapMs = maxWindowMs;
  }

  public Pace pace() {
    return new Pace(stepMs, windowCapMs, lastDecodeMs);
  }

  public long stepMs() {
    return stepMs;
  }

  public long windowCapMs() {
    return windowCapMs;
  }

  /** Whether the pace is as slow as it goes: the longest step and the shortest window. */
  public boolean atSlowest() {
    return stepMs >= maxStepMs && windowCapMs <= floor(stepMs);
  }

  /** Whether the pace is slower than configured. */
  public boolean slowed() {
    return stepMs > configuredStepMs || windowCapMs < maxWindowMs;
  }

  /**
   * A decode of the window ending at {@code windowEndMs}, {@code windowMs} long, took {@code elapsedMs}; the
   * stream is at {@code positionMs}. Returns whether the pace changed.
   */
  public boolean decoded(long windowEndMs, long windowMs, long elapsedMs, long positionMs) {
    lastDecodeMs = elapsedMs;
    if (!warm) {
      warm = true;
      return false; // a stream's first decode also pays for warming up (a decoder made, code compiled)
    }
    if (windowEndMs < measuredFromMs) {
      return false; // cut under an older pace
    }
    if (elapsedMs > stepMs) {
      calm = 0;
      behind += elapsedMs > 2 * stepMs ? BEHIND_DECODES : 1;
      if (behind >= BEHIND_DECODES) {
        behind = 0;
        boolean slowed = slowDown(windowMs);
        // One that took more than twice even the slower step: as many notches more as that takes, at once (waiting
        // for a decode per notch lets the windows, and so the decodes, grow faster than the pace slows).
        while (slowed && elapsedMs > 2 * stepMs && slowDown(windowMs)) {
          continue;
        }
        return changed(slowed, positionMs);
      }
    } else if (elapsedMs * 2 <= stepMs) {
      behind = 0;
      if (++calm >= CALM_DECODES) {
        calm = 0;
        return changed(quicken(), positionMs);
      }
    } else {
      behind = 0;
      calm = 0;
    }
    return false;
  }

  private boolean changed(boolean changed, long positionMs) {
    if (changed) {
      measuredFromMs = positionMs;
    }
    return changed;
  }

  private boolean slowDown(long windowMs) {
    long floor = floor(stepMs);
    boolean canShrink = windowCapMs > floor;
    boolean canStretch = stepMs < maxStepMs;
    if (canShrink && (!shrankLast || !canStretch)) {
      windowCapMs = Math.max(floor, Math.min(windowCapMs, windowMs) / 2);
      shrankLast = true;
      return true;
    }
    if (canStretch) {
      stepMs = Math.min(maxStepMs, stepMs * 2);
      windowCapMs = Math.max(windowCapMs, floor(stepMs));
      shrankLast = false;
      return true;
    }
    return false;
  }

  private boolean quicken() {
    boolean canShorten = stepMs > configuredStepMs;
    boolean canWiden = windowCapMs < maxWindowMs;
    if (canShorten && (widenedLast || !canWiden)) {
      stepMs = Math.max(configuredStepMs, stepMs / 2);
      widenedLast = false;
      return true;
    }
    if (canWiden) {
      windowCapMs = Math.min(maxWindowMs, windowCapMs * 2);
      widenedLast = true;
      return true;
    }
    return false;
  }

  /** The shortest window at step {@code step}: its new audio and the overlap. */
  private long floor(long step) {
    return Math.min(maxWindowMs, step + OVERLAP_MS);
  }
}
