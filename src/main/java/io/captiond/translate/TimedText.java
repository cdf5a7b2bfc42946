package io.captiond.translate;

/**
 * Confirmed source text with its time span in stream milliseconds: usually one word as the
 * recognizer timed it, possibly a longer phrase (kept whole: its inner words have no times).
 */
public record TimedText(String text, long startMs, long endMs) {

  public TimedText {
    text = text == null ? "" : text.strip();
    if (endMs < startMs) {
      throw new IllegalArgumentException("'" + text + "' ends at " + endMs + " ms, before it starts at " + startMs);
    }
  }

  /** How many words the text holds, counted at white space. */
  int words() {
    return text.isEmpty() ? 0 : text.split("\\s+").length;
  }
}
