package io.captiond.session;

import io.captiond.asr.AudioWindow;

/**
 * A window the policy wants transcribed. The kind tells the session how to treat the job: a
 * {@code PARTIAL} job may be replaced by a newer one while it waits and is not retried; a
 * {@code FINAL} job is kept in order and retried once. What the text becomes is the policy's
 * decision: the {@link UtterancePolicy} shows a partial's text as tentative and a final's as
 * confirmed; the {@link StreamingPolicy} may confirm words from partials too.
 *
 * @param utterance which utterance (counted from 1) the window belongs to
 */
public record DecodeJob(Kind kind, long utterance, AudioWindow window) {

  public enum Kind { PARTIAL, FINAL }

  public boolean isFinal() {
    return kind == Kind.FINAL;
  }
}
