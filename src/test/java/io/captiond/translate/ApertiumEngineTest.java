package io.captiond.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The apertium engine against a real APy started by the test, checked against the apertium CLI. */
class ApertiumEngineTest {

  static final List<String> ENGLISH = List.of("Hello world.", "How are you today?",
      "The weather is nice, and we are going to the beach.", "The zorbliq is here.",
      "I have a dog");

  static Vertx vertx;
  static Apy apy;
  static TranslationEngine engine;

  @BeforeAll
  static void startApy() throws Exception {
    vertx = Vertx.vertx();
    apy = Apy.start();
    engine = ApertiumEngine.connect(vertx, "apertium", new ApertiumConfig(apy.url(), 10_000, true)).await();
  }

  @AfterAll
  static void stopApy() throws Exception {
    if (engine != null) {
      engine.close();
    }
    if (apy != null) {
      apy.close();
    }
    vertx.close().await();
  }

  static TranslationException failure(Runnable call) {
    CompletionException wrapped = null;
    try {
      call.run();
    } catch (TranslationException direct) {
      return direct;
    } catch (CompletionException e) {
      wrapped = e;
    }
    assertTrue(wrapped != null && wrapped.getCause() instanceof TranslationException, "expected a TranslationException");
    return (TranslationException) wrapped.getCause();
  }

  @Test
  void listsEnglishToSpanishAndToCatalanInTheApiCodes() {
    Set<LanguagePair> pairs = engine.pairs();

    assertTrue(pairs.contains(LanguagePair.of("en", "es")), pairs.toString());
    assertTrue(pairs.contains(LanguagePair.of("en", "ca")), pairs.toString());
    assertTrue(pairs.contains(LanguagePair.of("es", "en")), pairs.toString());
    assertTrue(pairs.contains(LanguagePair.of("en", "ca-valencia")), pairs.toString());
  }

  @Test
  void translatesEachEnglishUnitIntoSpanishExactlyAsTheCommandLineDoes() throws Exception {
    List<String> spanish = engine.translate(ENGLISH, LanguagePair.of("en", "es")).await();

    for (int i = 0; i < ENGLISH.size(); i++) {
      assertEquals(Apy.commandLine("eng-spa", ENGLISH.get(i)), spanish.get(i), ENGLISH.get(i));
    }
  }

  @Test
  void translatesEachEnglishUnitIntoCatalanAndItsValencianVariantAsTheCommandLineDoes() throws Exception {
    List<String> catalan = engine.translate(ENGLISH, LanguagePair.of("en", "ca")).await();
    List<String> valencian = engine.translate(ENGLISH, LanguagePair.of("en", "ca-valencia")).await();

    for (int i = 0; i < ENGLISH.size(); i++) {
      assertEquals(Apy.commandLine("eng-cat", ENGLISH.get(i)), catalan.get(i), ENGLISH.get(i));
      assertEquals(Apy.commandLine("eng-cat_valencia", ENGLISH.get(i)), valencian.get(i), ENGLISH.get(i));
    }
  }

  @Test
  void leavesUnknownWordsUnmarkedWhenAskedLikeTheCommandLineWithDashU() throws Exception {
    TranslationEngine unmarked = ApertiumEngine.connect(vertx, "apertium-clean",
        new ApertiumConfig(apy.url(), 10_000, false)).await();
    try {
      String text = "The zorbliq is here.";
      List<String> spanish = unmarked.translate(List.of(text), LanguagePair.of("en", "es")).await();
      assertEquals(List.of(Apy.commandLineUnmarked("eng-spa", text)), spanish);
    } finally {
      unmarked.close();
    }
  }

  @Test
  void keepsEmptyUnitsEmptyWithoutAskingApy() {
    assertEquals(List.of("", "Hola"), engine.translate(List.of("", "Hello"), LanguagePair.of("en", "es")).await());
  }

  @Test
  void refusesAPairItDoesNotOfferNamingThePairsItDoesOffer() {
    TranslationException refused = failure(
        () -> engine.translate(List.of("Hello"), LanguagePair.of("en", "fr")).await());

    assertEquals(TranslationException.Reason.UNSUPPORTED_PAIR, refused.reason());
    assertTrue(refused.getMessage().startsWith("apertium does not offer en->fr; it offers "), refused.getMessage());
    assertTrue(refused.getMessage().contains("en->ca, "), refused.getMessage());
    assertTrue(refused.getMessage().contains("en->es"), refused.getMessage());
  }

  @Test
  void failsClearlyWhileApyIsDownAndTranslatesAgainOnceItIsBack() throws Exception {
    try (Apy own = Apy.start()) {
      TranslationEngine mine = ApertiumEngine.connect(vertx, "apertium", new ApertiumConfig(own.url(), 10_000, true))
          .await();
      LanguagePair enEs = LanguagePair.of("en", "es");
      String expected = Apy.commandLine("eng-spa", "Good morning.");
      assertEquals(List.of(expected), mine.translate(List.of("Good morning."), enEs).await());

      own.kill();
      TranslationException down = failure(() -> mine.translate(List.of("Good morning."), enEs).await());
      assertEquals(TranslationException.Reason.UNREACHABLE, down.reason());
      assertTrue(down.retryable());
      assertTrue(down.getMessage().startsWith("apertium at " + own.url() + "/translate is unreachable"),
          down.getMessage());

      own.restart();
      assertEquals(List.of(expected), mine.translate(List.of("Good morning."), enEs).await());
      mine.close();
    }
  }

  @Test
  void failsToConnectWhereNoApyRuns() throws Exception {
    String nowhere = "http://127.0.0.1:" + Apy.freePort();

    TranslationException refused = failure(
        () -> ApertiumEngine.connect(vertx, "apertium", new ApertiumConfig(nowhere, 2_000, true)).await());

    assertEquals(TranslationException.Reason.UNREACHABLE, refused.reason());
    assertTrue(refused.getMessage().startsWith("apertium at " + nowhere + "/listPairs is unreachable"),
        refused.getMessage());
  }
}
