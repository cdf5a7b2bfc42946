package io.captiond.translate;

import java.util.regex.Pattern;

/**
 * A translation direction in the codes captiond's API uses: ISO 639-1 ({@code en}, {@code es}), or,
 * where no two-letter code exists, ISO 639-3; a regional or orthographic variant follows after a
 * hyphen as in BCP 47 ({@code ca-valencia}, {@code en-US}).
 */
public record LanguagePair(String source, String target) implements Comparable<LanguagePair> {

  /** A language code as this package accepts it: a 2–3 letter language, then optional subtags. */
  public static final Pattern CODE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{1,12})*");

  public LanguagePair {
    requireCode("source", source);
    requireCode("target", target);
    if (source.equals(target)) {
      throw new IllegalArgumentException("source and target are both '" + source + "'");
    }
  }

  public static LanguagePair of(String source, String target) {
    return new LanguagePair(source, target);
  }

  /** Parses {@code en->es}, the form {@link #toString()} writes. */
  public static LanguagePair parse(String text) {
    int arrow = text.indexOf("->");
    if (arrow < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a pair like en->es");
    }
    return new LanguagePair(text.substring(0, arrow), text.substring(arrow + 2));
  }

  private static void requireCode(String role, String code) {
    if (code == null || !CODE.matcher(code).matches()) {
      throw new IllegalArgumentException(role + " language '" + code
          + "' is not a language code like en, es or ca-valencia");
    }
  }

  @Override
  public int compareTo(LanguagePair other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return source + "->" + target;
  }
}
