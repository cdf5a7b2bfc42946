package io.captiond.asr.pocketsphinx;

import java.util.Optional;
import java.util.regex.Pattern;

/** Turns pocketsphinx's dictionary tokens into words a viewer should read. */
final class SpokenForms {

  /** The dictionary marks the n-th pronunciation of a word as {@code word(n)}. */
  private static final Pattern ALTERNATE_PRONUNCIATION = Pattern.compile("\\(\\d+\\)$");

  private SpokenForms() {}

  /**
   * The written word, or empty for silence, sentence marks and noise: {@code <s>}, {@code </s>},
   * {@code <sil>}, and anything in brackets such as {@code [NOISE]} or older models' {@code ++UM++}.
   */
  static Optional<String> of(String token) {
    String word = ALTERNATE_PRONUNCIATION.matcher(token.strip()).replaceFirst("");
    if (word.isEmpty() || isFiller(word)) {
      return Optional.empty();
    }
    return Optional.of(word);
  }

  private static boolean isFiller(String word) {
    return enclosedIn(word, "<", ">") || enclosedIn(word, "[", "]") || enclosedIn(word, "++", "++");
  }

  private static boolean enclosedIn(String word, String open, String close) {
    return word.length() > open.length() + close.length() - 1 && word.startsWith(open) && word.endsWith(close);
  }
}
