package io.captiond.session;

import io.captiond.asr.AudioWindow;

/**
 * A window the policy wants transcribed. A {@code PARTIAL} job's text is shown as tentative and
 * replaced by later ones; a {@code FINAL} job's text becomes a confirmed caption.
 *
 * @param utterance which utterance (counted from 1) the window belongs to
 */
public record DecodeJob(Kind kind, long utterance, AudioWindow window) {

  public enum Kind { PARTIAL, FINAL }

  public boolean isFinal() {
    return kind == Kind.FINAL;
  }
}
