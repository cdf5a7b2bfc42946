package io.captiond.captions.cea608;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps Unicode text to CEA-608 glyphs (CEA-608-E section 4 and annex A: basic table 50, special
 * table 49, extended tables 5 and 6). What the sets lack is replaced, never dropped silently: an
 * accented letter becomes its base letter, typographic punctuation its plain form, anything else
 * {@code '?'}; control characters become spaces.
 */
public final class Cea608Charset {

  private static final Map<Integer, Cea608Glyph> TABLE = new HashMap<>();
  private static final Map<Integer, String> REPLACEMENTS = Map.of(
      0x2013, "-", 0x2026, "...", 0x2032, "'", 0x201A, ",", 0x201E, "\"", 0x2039, "<", 0x203A, ">", 0x00D7, "x");

  static {
    // Basic set: ASCII, except ten positions the 608 set gives to other characters.
    for (int c = 0x20; c <= 0x7E; c++) {
      TABLE.put(c, Cea608Glyph.basic(c));
    }
    for (int c : new int[] {'*', '\\', '^', '_', '`', '{', '|', '}', '~'}) {
      TABLE.remove(c);
    }
    basic('á', 0x2A);
    basic('é', 0x5C);
    basic('í', 0x5E);
    basic('ó', 0x5F);
    basic('ú', 0x60);
    basic('ç', 0x7B);
    basic('÷', 0x7C);
    basic('Ñ', 0x7D);
    basic('ñ', 0x7E);
    basic('█', 0x7F);
    basic('’', 0x27);
    // Special set, 0x11 0x30..0x3F; 0x39 is the transparent space, our no-break space.
    String special = "®°½¿™¢£♪à\u00A0èâêîôû";
    for (int i = 0; i < special.length(); i++) {
      TABLE.put((int) special.charAt(i), Cea608Glyph.special(0x30 + i));
    }
    // Extended sets, 0x12 and 0x13, 0x20..0x3F, each with the basic character sent before it.
    extended(0x12, "ÁÉÓÚÜü‘¡*'—©℠•“”ÀÂÇÈÊËëÎÏïÔÙùÛ«»", "AEOUUu'!.'-cs.\"\"AACEEEeIIiOUuU\"\"");
    extended(0x13, "ÃãÍÌìÒòÕõ{}\\^_|~ÄäÖöß¥¤¦ÅåØø┌┐└┘", "AaIIiOoOo()/'-!-AaOosY$!AaOo++++");
    // The apostrophe stays the basic 0x27; the extended 0x12 0x29 is its typographic twin.
    TABLE.put((int) '\'', Cea608Glyph.basic('\''));
    TABLE.put((int) '`', Cea608Glyph.extended(0x12, 0x26, '\''));
  }

  private Cea608Charset() {}

  /** The glyphs of {@code text}, one or more per code point; line breaks and tabs become spaces. */
  public static List<Cea608Glyph> glyphs(String text) {
    List<Cea608Glyph> out = new ArrayList<>(text.length());
    text.codePoints().forEach(cp -> appendGlyphs(cp, out));
    return out;
  }

  private static void appendGlyphs(int codePoint, List<Cea608Glyph> out) {
    Cea608Glyph direct = TABLE.get(codePoint);
    if (direct != null) {
      out.add(direct);
      return;
    }
    if (Character.isWhitespace(codePoint) || Character.isISOControl(codePoint) || Character.isSpaceChar(codePoint)) {
      out.add(Cea608Glyph.SPACE);
      return;
    }
    String replacement = REPLACEMENTS.get(codePoint);
    if (replacement != null) {
      replacement.chars().forEach(c -> out.add(TABLE.get(c)));
      return;
    }
    Cea608Glyph base = TABLE.get(baseLetter(codePoint));
    out.add(base != null ? base : Cea608Glyph.basic('?'));
  }

  /** The first code point of the canonical decomposition: 'ŝ' gives 's'; '?' when none helps. */
  private static int baseLetter(int codePoint) {
    String decomposed = Normalizer.normalize(new String(Character.toChars(codePoint)), Normalizer.Form.NFKD);
    return decomposed.isEmpty() || decomposed.codePointAt(0) == codePoint ? '?' : decomposed.codePointAt(0);
  }

  private static void basic(char c, int code) {
    TABLE.put((int) c, Cea608Glyph.basic(code));
  }

  private static void extended(int first, String chars, String fallbacks) {
    if (chars.length() != 32 || fallbacks.length() != 32) {
      throw new IllegalStateException("an extended set has 32 characters: " + chars.length() + ", " + fallbacks.length());
    }
    for (int i = 0; i < 32; i++) {
      TABLE.put((int) chars.charAt(i), Cea608Glyph.extended(first, 0x20 + i, fallbacks.charAt(i)));
    }
  }
}
