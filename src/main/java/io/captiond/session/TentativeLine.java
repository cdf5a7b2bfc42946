package io.captiond.session;

import io.captiond.asr.Word;
import java.util.List;
import java.util.Optional;

/**
 * The tentative text a policy shows: an update only when the words' text changes, and an empty one (at the
 * window's end) to clear it when no words are left. Not thread-safe: one per policy.
 */
final class TentativeLine {

  private String shown = "";

  /** The update that shows {@code tail}, or none when it shows already; {@code clearAtMs} places a clearing. */
  Optional<CaptionUpdate> show(List<Word> tail, long clearAtMs) {
    String text = TimedWords.join(tail);
    if (text.equals(shown)) {
      return Optional.empty();
    }
    shown = text;
    return Optional.of(tail.isEmpty() ? CaptionUpdate.tentative("", clearAtMs, clearAtMs)
        : CaptionUpdate.ofWords(false, tail));
  }
}
