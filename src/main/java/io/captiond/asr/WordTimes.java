package io.captiond.asr;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Word times by characters: when an engine gives a span of text but no time per word, the span is
 * shared among the words in proportion to their length. An estimate ({@link WordTiming#DERIVED}),
 * used by Whisper's segments and by the session for segments that come without words.
 */
public final class WordTimes {

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private WordTimes() {}

  /** {@code text} split at whitespace, sharing [startMs, endMs] by character count; probability 0. */
  public static List<Word> byCharacters(String text, long startMs, long endMs) {
    String stripped = text.strip();
    if (stripped.isEmpty()) {
      return List.of();
    }
    List<String> pieces = List.of(WHITESPACE.split(stripped));
    return byCharacters(pieces, pieces.stream().map(p -> 0.0).toList(), startMs, endMs);
  }

  /**
   * The words, stripped (blank ones left out), sharing [startMs, endMs] by their stripped length.
   *
   * @param probabilities each word's probability, same indices as {@code words}
   */
  public static List<Word> byCharacters(List<String> words, List<Double> probabilities, long startMs, long endMs) {
    long total = 0;
    for (String word : words) {
      total += word.strip().length();
    }
    long span = Math.max(0, endMs - startMs);
    List<Word> timed = new ArrayList<>(words.size());
    long before = 0;
    for (int i = 0; i < words.size(); i++) {
      String stripped = words.get(i).strip();
      if (stripped.isEmpty()) {
        continue;
      }
      long from = startMs + span * before / total;
      before += stripped.length();
      long to = startMs + span * before / total;
      timed.add(new Word(stripped, from, to, probabilities.get(i)));
    }
    return timed;
  }
}
