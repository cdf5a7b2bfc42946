package io.captiond.captions.cea608;

/**
 * One character cell as CEA-608 sends it: a basic character (one byte, two to a pair), a special
 * character (its own control pair 0x11 0x30..0x3F) or an extended character (its own pair
 * 0x12/0x13 0x20..0x3F, preceded by a basic {@code fallback} that a decoder knowing the extended set
 * backspaces over, section 4.1.5).
 */
public record Cea608Glyph(Kind kind, int code, int fallback) {

  /** Which of the three character sets of section 4 a glyph belongs to. */
  public enum Kind {
    BASIC,
    SPECIAL,
    EXTENDED_SPANISH_FRENCH,
    EXTENDED_PORTUGUESE_GERMAN
  }

  public static final Cea608Glyph SPACE = basic(' ');

  static Cea608Glyph basic(int code) {
    return new Cea608Glyph(Kind.BASIC, code, code);
  }

  static Cea608Glyph special(int code) {
    return new Cea608Glyph(Kind.SPECIAL, code, code);
  }

  static Cea608Glyph extended(int first, int code, char fallback) {
    return new Cea608Glyph(first == 0x12 ? Kind.EXTENDED_SPANISH_FRENCH : Kind.EXTENDED_PORTUGUESE_GERMAN, code, fallback);
  }

  /** The control pair of a special or extended glyph (CC1). */
  Cea608Pair controlPair() {
    return switch (kind) {
      case SPECIAL -> Cea608Pair.of(0x11, code);
      case EXTENDED_SPANISH_FRENCH -> Cea608Pair.of(0x12, code);
      case EXTENDED_PORTUGUESE_GERMAN -> Cea608Pair.of(0x13, code);
      case BASIC -> throw new IllegalStateException("a basic character has no control pair");
    };
  }
}
