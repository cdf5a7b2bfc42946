package io.captiond.session;

import io.captiond.asr.AudioWindow;
import io.captiond.asr.Segment;
import io.captiond.asr.Transcript;
import io.captiond.asr.Word;
import io.captiond.asr.WordTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The words of a transcript with times in stream milliseconds, and how words are compared. */
final class TimedWords {

  private static final Pattern PUNCTUATION = Pattern.compile("[\\p{P}\\s]+");

  private TimedWords() {}

  /**
   * The transcript's words in order, text stripped, blank words left out. A segment without words
   * is split at whitespace and its span shared among the pieces in proportion to their length in
   * characters (an estimate: the engine gave no better).
   */
  static List<Word> of(Transcript transcript) {
    List<Word> words = new ArrayList<>();
    for (Segment segment : transcript.segments()) {
      if (segment.words().isEmpty()) {
        words.addAll(interpolate(segment.text(), segment.startMs(), segment.endMs()));
        continue;
      }
      for (Word word : segment.words()) {
        String text = word.text().strip();
        if (!text.isEmpty()) {
          words.add(new Word(text, word.startMs(), Math.max(word.startMs(), word.endMs()), word.probability()));
        }
      }
    }
    return words;
  }

  /** Splits {@code text} at whitespace, sharing [startMs, endMs] by character count. */
  static List<Word> interpolate(String text, long startMs, long endMs) {
    return WordTimes.byCharacters(text, startMs, endMs);
  }

  /** The comparison key of a word: lower case, punctuation and spaces removed. */
  static String normalize(String text) {
    return PUNCTUATION.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("");
  }

  static boolean same(Word a, Word b) {
    return normalize(a.text()).equals(normalize(b.text()));
  }

  static String join(List<Word> words) {
    return words.stream().map(Word::text).collect(Collectors.joining(" "));
  }

  /** Ends a sentence: its last visible character is a full stop, question or exclamation mark. */
  static boolean endsSentence(String text) {
    String t = text.strip();
    while (!t.isEmpty() && "\"'”’)]»".indexOf(t.charAt(t.length() - 1)) >= 0) {
      t = t.substring(0, t.length() - 1);
    }
    if (t.isEmpty()) {
      return false;
    }
    char last = t.charAt(t.length() - 1);
    return ".?!…。？！".indexOf(last) >= 0;
  }

  /** Words clamped to the window they were heard in; a word said to begin at or after its end is dropped. */
  static List<Word> inWindow(List<Word> words, AudioWindow window) {
    List<Word> kept = new ArrayList<>(words.size());
    for (Word w : words) {
      if (w.startMs() < window.endMs()) {
        long start = Math.max(w.startMs(), window.startMs());
        long end = Math.min(Math.max(w.endMs(), start), window.endMs());
        kept.add(start == w.startMs() && end == w.endMs() ? w : new Word(w.text(), start, end, w.probability()));
      }
    }
    return kept;
  }
}
