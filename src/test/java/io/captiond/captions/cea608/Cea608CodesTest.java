package io.captiond.captions.cea608;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Expected bytes worked out by hand from CEA-608-E tables 51..53 and the odd-parity rule. */
class Cea608CodesTest {

  static String hex(Cea608Pair pair) {
    return pair.toString();
  }

  @Test
  void setsTheParityBitOnlyWhenTheSevenBitsHoldAnEvenNumberOfOnes() {
    assertEquals(0x80, Cea608Pair.withOddParity(0x00));
    assertEquals(0x01, Cea608Pair.withOddParity(0x01));
    assertEquals(0x94, Cea608Pair.withOddParity(0x14));
    assertEquals(0x15, Cea608Pair.withOddParity(0x15));
    assertEquals(0x97, Cea608Pair.withOddParity(0x17));
    assertEquals(0xC1, Cea608Pair.withOddParity('A'));
    assertEquals(0x7F, Cea608Pair.withOddParity(0x7F));
    for (int b = 0; b < 0x80; b++) {
      assertEquals(1, Integer.bitCount(Cea608Pair.withOddParity(b)) % 2, "byte " + b);
    }
  }

  @Test
  void paddingIsTwoNullsWithParity() {
    assertEquals("80 80", hex(Cea608Pair.PADDING));
  }

  @Test
  void miscellaneousCommandsOnCc1StartWith0x14() {
    assertEquals("94 20", hex(Cea608Command.RCL.pair()));
    assertEquals("94 2F", hex(Cea608Command.EOC.pair()));
    assertEquals("94 25", hex(Cea608Command.RU2.pair()));
    assertEquals("94 26", hex(Cea608Command.RU3.pair()));
    assertEquals("94 A7", hex(Cea608Command.RU4.pair()));
    assertEquals("94 AD", hex(Cea608Command.CR.pair()));
    assertEquals("94 2C", hex(Cea608Command.EDM.pair()));
    assertEquals("94 AE", hex(Cea608Command.ENM.pair()));
    assertEquals("94 29", hex(Cea608Command.RDC.pair()));
    assertEquals(Cea608Command.RU4, Cea608Command.rollUp(4));
    assertThrows(IllegalArgumentException.class, () -> Cea608Command.rollUp(5));
  }

  @Test
  void preambleAddressCodesReachEveryRowInWhite() {
    String[] expected = {
      "91 40", "91 E0", "92 40", "92 E0", "15 40", "15 E0", "16 40", "16 E0",
      "97 40", "97 E0", "10 40", "13 40", "13 E0", "94 40", "94 E0"
    };
    for (int row = 1; row <= 15; row++) {
      assertEquals(expected[row - 1], hex(Cea608Codes.pac(row, Cea608Style.WHITE, false)), "row " + row);
    }
    assertThrows(IllegalArgumentException.class, () -> Cea608Codes.pac(0, Cea608Style.WHITE, false));
    assertThrows(IllegalArgumentException.class, () -> Cea608Codes.pac(16, Cea608Style.WHITE, false));
  }

  @Test
  void preambleAddressCodesCarryStyleUnderlineAndIndent() {
    assertEquals("94 6E", hex(Cea608Codes.pac(15, Cea608Style.ITALICS, false))); // 0x6E, five ones
    assertEquals("91 C8", hex(Cea608Codes.pac(1, Cea608Style.RED, false))); // 0x48
    assertEquals("91 C1", hex(Cea608Codes.pac(1, Cea608Style.WHITE, true))); // 0x41
    assertEquals("94 F2", hex(Cea608Codes.pacIndent(15, 4, false))); // 0x72
    assertEquals("10 5E", hex(Cea608Codes.pacIndent(11, 28, false))); // 0x5E
    assertThrows(IllegalArgumentException.class, () -> Cea608Codes.pacIndent(15, 5, false));
  }

  @Test
  void midRowCodesAndTabOffsetsFollowTables51And52() {
    assertEquals("91 20", hex(Cea608Codes.midRow(Cea608Style.WHITE, false)));
    assertEquals("91 AE", hex(Cea608Codes.midRow(Cea608Style.ITALICS, false)));
    assertEquals("91 2F", hex(Cea608Codes.midRow(Cea608Style.ITALICS, true)));
    assertEquals("91 A2", hex(Cea608Codes.midRow(Cea608Style.GREEN, false)));
    assertEquals("97 A1", hex(Cea608Codes.tabOffset(1)));
    assertEquals("97 A2", hex(Cea608Codes.tabOffset(2)));
    assertEquals("97 23", hex(Cea608Codes.tabOffset(3)));
  }

  @Test
  void everyControlCodeIsRecognisedAsControl() {
    assertTrue(Cea608Command.EOC.pair().isControl());
    assertTrue(Cea608Codes.pac(11, Cea608Style.WHITE, false).isControl());
    assertTrue(!Cea608Pair.of('H', 'i').isControl());
  }
}
