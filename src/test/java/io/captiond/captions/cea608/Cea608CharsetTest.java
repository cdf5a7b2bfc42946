package io.captiond.captions.cea608;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class Cea608CharsetTest {

  private static Cea608Glyph only(String text) {
    List<Cea608Glyph> glyphs = Cea608Charset.glyphs(text);
    assertEquals(1, glyphs.size(), text);
    return glyphs.get(0);
  }

  @Test
  void keepsAsciiLettersDigitsAndPunctuationAsBasicCharacters() {
    for (char c : "Az09 .,?!'\"()-:;/".toCharArray()) {
      assertEquals(Cea608Glyph.basic(c), only(String.valueOf(c)));
    }
  }

  @Test
  void findsSpecialAndExtendedCharacters() {
    assertEquals(Cea608Glyph.special(0x37), only("♪"));
    assertEquals(Cea608Glyph.special(0x34), only("™"));
    assertEquals(Cea608Glyph.extended(0x12, 0x2B, 'c'), only("©"));
    assertEquals(Cea608Glyph.extended(0x12, 0x39, 'i'), only("ï"));
    assertEquals(Cea608Glyph.extended(0x13, 0x3A, 'O'), only("Ø"));
    assertEquals(Cea608Glyph.extended(0x12, 0x2A, '-'), only("—"));
    assertEquals(Cea608Glyph.basic(0x27), only("’"));
  }

  @Test
  void replacesWhatTheSetsLackWithTheBaseLetterOrAQuestionMark() {
    assertEquals(Cea608Glyph.basic('s'), only("ŝ"));
    assertEquals(Cea608Glyph.basic('z'), only("ž"));
    assertEquals(Cea608Glyph.basic('?'), only("😀"));
    assertEquals(Cea608Glyph.basic('?'), only("中"));
    assertEquals(Cea608Glyph.basic('-'), only("–"));
    assertEquals(List.of(Cea608Glyph.basic('.'), Cea608Glyph.basic('.'), Cea608Glyph.basic('.')), Cea608Charset.glyphs("…"));
  }

  @Test
  void turnsControlCharactersAndOddSpacesIntoPlainSpaces() {
    assertEquals(Cea608Glyph.SPACE, only("\t"));
    assertEquals(Cea608Glyph.SPACE, only("\u0007"));
    assertEquals(Cea608Glyph.SPACE, only("\u2003"));
  }
}
