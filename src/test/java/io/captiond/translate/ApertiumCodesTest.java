package io.captiond.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApertiumCodesTest {

  @Test
  void mapsThreeLetterCodesToTwoLetterOnes() {
    assertEquals("en", ApertiumCodes.toIso("eng"));
    assertEquals("es", ApertiumCodes.toIso("spa"));
    assertEquals("ca", ApertiumCodes.toIso("cat"));
    assertEquals("eo", ApertiumCodes.toIso("epo"));
    assertEquals("pt", ApertiumCodes.toIso("por"));
  }

  @Test
  void writesVariantsAsSubtags() {
    assertEquals("ca-valencia", ApertiumCodes.toIso("cat_valencia"));
    assertEquals("ca-valencia-uni", ApertiumCodes.toIso("cat_valencia_uni"));
    assertEquals("en-US", ApertiumCodes.toIso("eng_US"));
  }

  @Test
  void keepsCodesThatAreAlreadyTwoLettersOrHaveNoTwoLetterForm() {
    assertEquals("es", ApertiumCodes.toIso("es"));
    assertEquals("ast", ApertiumCodes.toIso("ast"));
  }

  @Test
  void dropsPairsItCannotNameInTheApiCodes() {
    assertEquals(Optional.of(LanguagePair.of("en", "ca-valencia")), ApertiumCodes.toPair("eng", "cat_valencia"));
    assertEquals(Optional.empty(), ApertiumCodes.toPair("eng", "eng"));
    assertEquals(Optional.empty(), ApertiumCodes.toPair("eng", "x y"));
  }
}
