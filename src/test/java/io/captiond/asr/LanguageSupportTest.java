package io.captiond.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.whisper.WhisperEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

class LanguageSupportTest {

  @Test
  void aDetectingEngineDetectsWhenNoLanguageOrAutoIsAsked() {
    LanguageSupport whisper = WhisperEngine.multilingual();
    assertNull(whisper.resolve(null));
    assertNull(whisper.resolve("auto"));
    assertNull(whisper.resolve("AUTO"));
    assertEquals("de", whisper.resolve("de"));
    assertEquals("haw", whisper.resolve("haw"));
  }

  @Test
  void anUnknownCodeIsRefusedNamingTheSupportedOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WhisperEngine.multilingual().resolve("xx-bogus"));
    assertTrue(e.getMessage().contains("xx-bogus") && e.getMessage().contains("en, zh, de"), e.getMessage());
    assertTrue(e.getMessage().contains("auto"), e.getMessage());
  }

  @Test
  void aSingleLanguageEngineUsesItsLanguageForAutoAndRefusesOthers() {
    LanguageSupport english = LanguageSupport.only("en");
    assertEquals("en", english.resolve(null));
    assertEquals("en", english.resolve("auto"));
    assertEquals("en", english.resolve(" En "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> english.resolve("fr"));
    assertTrue(e.getMessage().endsWith("supported: [en]"), e.getMessage());
  }

  @Test
  void aManyLanguageEngineThatCannotDetectNeedsACode() {
    LanguageSupport two = new LanguageSupport(List.of("en", "fr"), false);
    assertThrows(IllegalArgumentException.class, () -> two.resolve(null));
    assertEquals("fr", two.resolve("fr"));
  }

  @Test
  void anEngineThatDeclaresNothingTakesAnyCode() {
    assertEquals("xx", LanguageSupport.ANY.resolve("xx"));
    assertNull(LanguageSupport.ANY.resolve(null));
  }
}
