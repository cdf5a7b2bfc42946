package io.captiond.captions.cea608;

import static io.captiond.captions.cea608.Cea608RowWriterTest.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Roll-up and pop-on sequences, by hand from CEA-608-E annex B. */
class CaptionEncodersTest {

  @Test
  void rollUpSendsTheModeThenCarriageReturnAndBaseRowBeforeEachRow() {
    Cea608Burst burst = new RollUpEncoder(2, 15).encode("Hi");
    // RU2 RU2, CR CR, PAC row 15 white x2, 'H' 'i'
    assertEquals("94 25 | 94 25 | 94 AD | 94 AD | 94 E0 | 94 E0 | C8 E9", hex(burst.pairs()));
    assertEquals(6, burst.shownAt());
    assertEquals(List.of("Hi"), burst.rows());
  }

  @Test
  void rollUpOfThreeRowsOnRowTwelveUsesRu3AndThatRowsPac() {
    Cea608Burst burst = new RollUpEncoder(3, 12).encode("A");
    assertEquals("94 26 | 94 26 | 94 AD | 94 AD | 13 40 | 13 40 | C1 80", hex(burst.pairs()));
  }

  @Test
  void rollUpWrapsLongTextIntoRowsOfThirtyTwoAtWordBoundaries() {
    String text = "the quick brown fox jumps over the lazy dog and keeps running far away";
    Cea608Burst burst = new RollUpEncoder(4, 15).encode(text);
    assertEquals(List.of("the quick brown fox jumps over", "the lazy dog and keeps running", "far away"), burst.rows());
    long carriageReturns = burst.pairs().stream().filter(Cea608Command.CR.pair()::equals).count();
    assertEquals(6, carriageReturns, "each row behind a doubled CR");
    assertEquals("94 A7", burst.pairs().get(0).toString());
  }

  @Test
  void cutsAWordLongerThanARow() {
    Cea608Burst burst = new RollUpEncoder(2, 15).encode("x".repeat(40));
    assertEquals(List.of("x".repeat(32), "x".repeat(8)), burst.rows());
  }

  @Test
  void popOnLoadsOffScreenAndShowsTheCueWithEndOfCaption() {
    Cea608Burst burst = new PopOnEncoder(2).encode("Hi");
    // RCL RCL, ENM ENM, PAC row 15 x2, 'H' 'i', EOC EOC
    assertEquals("94 20 | 94 20 | 94 AE | 94 AE | 94 E0 | 94 E0 | C8 E9 | 94 2F | 94 2F", hex(burst.pairs()));
    assertEquals(7, burst.shownAt(), "the first EOC shows it");
  }

  @Test
  void popOnPutsTwoRowsOnRowsFourteenAndFifteenAndTruncatesTheRest() {
    Cea608Burst burst = new PopOnEncoder(2).encode("first row\nsecond row\nthird row");
    assertEquals(List.of("first row", "second row"), burst.rows());
    assertTrue(burst.pairs().contains(Cea608Codes.pac(14, Cea608Style.WHITE, false)));
    assertTrue(burst.pairs().contains(Cea608Codes.pac(15, Cea608Style.WHITE, false)));
    assertTrue(!burst.pairs().contains(Cea608Codes.pac(13, Cea608Style.WHITE, false)));
  }

  @Test
  void erasingSendsADoubledEdm() {
    assertEquals("94 2C | 94 2C", hex(new PopOnEncoder(2).erase().pairs()));
    assertEquals("94 2C | 94 2C", hex(new RollUpEncoder(2, 15).erase().pairs()));
  }

  @Test
  void blankTextSendsNothing() {
    assertTrue(new RollUpEncoder(2, 15).encode("  \n\t ").isEmpty());
    assertTrue(new PopOnEncoder(2).encode("").isEmpty());
  }

  @Test
  void refusesWindowsTheGridCannotHold() {
    assertThrows(IllegalArgumentException.class, () -> new RollUpEncoder(1, 15));
    assertThrows(IllegalArgumentException.class, () -> new RollUpEncoder(4, 3));
    assertThrows(IllegalArgumentException.class, () -> new PopOnEncoder(5));
  }
}
