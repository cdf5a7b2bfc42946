package io.captiond.session;

import io.captiond.asr.AudioWindow;
import io.captiond.asr.UtteranceFeed;

/**
 * A window the policy wants transcribed. The kind tells the session how to treat the job: a
 * {@code PARTIAL} job may be replaced by a newer one while it waits and is not retried; a
 * {@code FINAL} job is kept in order and retried once. What the text becomes is the policy's
 * decision: the {@link UtterancePolicy} shows a partial's text as tentative and a final's as
 * confirmed; the {@link StreamingPolicy} may confirm words from partials too.
 *
 * <p>A job with a {@link UtteranceFeed} (from the {@link IncrementalPolicy}) is a piece of its utterance
 * for a streaming engine: its window holds only the audio the recognizer has not yet confirmed having.
 *
 * @param utterance which utterance (counted from 1) the window belongs to
 * @param feed which utterance, from which sample, a streaming engine continues; {@code null}: the
 *     window is decoded on its own
 */
public record DecodeJob(Kind kind, long utterance, AudioWindow window, UtteranceFeed feed) {

  public enum Kind { PARTIAL, FINAL }

  /** A window decoded on its own. */
  public DecodeJob(Kind kind, long utterance, AudioWindow window) {
    this(kind, utterance, window, null);
  }

  public boolean isFinal() {
    return kind == Kind.FINAL;
  }
}
