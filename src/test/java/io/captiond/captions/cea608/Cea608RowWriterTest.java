package io.captiond.captions.cea608;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Characters as pairs, by hand from CEA-608-E annex A (basic, special and extended sets). */
class Cea608RowWriterTest {

  static String hex(List<Cea608Pair> pairs) {
    return pairs.stream().map(Cea608Pair::toString).collect(Collectors.joining(" | "));
  }

  private static String pairsOf(String text) {
    return hex(new Cea608RowWriter().text(text).pairs());
  }

  @Test
  void packsBasicCharactersTwoToAPairAndPadsALoneOne() {
    assertEquals("C8 E9", pairsOf("Hi")); // H 0x48, i 0x69
    assertEquals("C8 E9 | A1 80", pairsOf("Hi!")); // ! 0x21, then a null
  }

  @Test
  void mapsTheTenBasicPositionsThatDifferFromAscii() {
    assertEquals("2A DC | 5E DF", pairsOf("áéíó")); // 0x2A 0x5C 0x5E 0x5F
    assertEquals("E0 FB | 7C FD", pairsOf("úç÷Ñ")); // 0x60 0x7B 0x7C 0x7D
    assertEquals("FE 7F", pairsOf("ñ█")); // 0x7E 0x7F
  }

  @Test
  void sendsSpecialCharactersAsDoubledControlPairs() {
    assertEquals("91 37 | 91 37", pairsOf("♪")); // 0x11 0x37
    assertEquals("C1 80 | 91 B0 | 91 B0 | C2 80", pairsOf("A®B")); // 0x11 0x30 between
    assertEquals("91 B9 | 91 B9", pairsOf("\u00A0")); // transparent space 0x11 0x39
    assertEquals("91 38 | 91 38", pairsOf("à"));
  }

  @Test
  void sendsExtendedCharactersAfterTheirBasicFallback() {
    assertEquals("C1 80 | 92 20 | 92 20", pairsOf("Á")); // 'A', then 0x12 0x20
    assertEquals("75 80 | 92 25 | 92 25", pairsOf("ü")); // 'u', then 0x12 0x25
    assertEquals("73 80 | 13 34 | 13 34", pairsOf("ß")); // 's', then 0x13 0x34
    assertEquals("AE 80 | 92 A8 | 92 A8", pairsOf("*")); // '.', then 0x12 0x28
    assertEquals("2F 80 | 13 AB | 13 AB", pairsOf("\\")); // '/', then 0x13 0x2B
  }

  @Test
  void countsAnExtendedCharacterAsOneColumn() {
    assertEquals(3, new Cea608RowWriter().text("aÁb").columns());
    assertEquals(2, new Cea608RowWriter().text("♪a").columns());
  }

  @Test
  void writesMidRowCodesAsDoubledControlsThatTakeAColumn() {
    Cea608RowWriter writer = new Cea608RowWriter().text("a").style(Cea608Style.ITALICS, false).text("b");
    assertEquals("61 80 | 91 AE | 91 AE | 62 80", hex(writer.pairs()));
    assertEquals(3, writer.columns());
  }
}
