package io.captiond.session;

import io.captiond.asr.Word;
import java.util.List;

/**
 * What a policy decided to show: tentative text (replacing the previous tentative text; empty text
 * clears it) or confirmed text, with its span in stream milliseconds. The session numbers it, stores
 * it if confirmed, and publishes it.
 */
public record CaptionUpdate(boolean confirmed, String text, long startMs, long endMs) {

  public static CaptionUpdate tentative(String text, long startMs, long endMs) {
    return new CaptionUpdate(false, text, startMs, endMs);
  }

  public static CaptionUpdate confirmed(String text, long startMs, long endMs) {
    return new CaptionUpdate(true, text, startMs, endMs);
  }

  /** {@code words} (at least one) as one caption, from the first word's start to the last one's end. */
  static CaptionUpdate ofWords(boolean confirmed, List<Word> words) {
    Word first = words.get(0);
    Word last = words.get(words.size() - 1);
    return new CaptionUpdate(confirmed, TimedWords.join(words), first.startMs(),
        Math.max(first.startMs(), last.endMs()));
  }
}
