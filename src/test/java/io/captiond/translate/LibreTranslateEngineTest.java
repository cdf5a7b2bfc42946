package io.captiond.translate;

import static io.captiond.translate.ApertiumEngineTest.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.translate.TranslationException.Reason;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The libretranslate engine against a local service that implements the documented API. */
class LibreTranslateEngineTest {

  static final LanguagePair EN_ES = LanguagePair.of("en", "es");

  Vertx vertx;
  LibreTranslateStub stub;
  String url;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    stub = new LibreTranslateStub();
    url = "http://127.0.0.1:" + stub.start(vertx);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  TranslationEngine connect(String apiKey) {
    return LibreTranslateEngine.connect(vertx, "libretranslate", new LibreTranslateConfig(url, apiKey, 2_000))
        .await();
  }

  @Test
  void listsThePairsItsLanguagesTranslateInto() {
    assertEquals(Set.of(EN_ES, LanguagePair.of("en", "de"), LanguagePair.of("es", "en"), LanguagePair.of("es", "de"),
        LanguagePair.of("de", "en"), LanguagePair.of("de", "es")), connect(null).pairs());
  }

  @Test
  void takesEveryLanguageIntoEveryOtherWhereTheServiceListsNoTargets() {
    stub.listTargets = false;
    stub.languages = List.of("en", "es");

    assertEquals(Set.of(EN_ES, LanguagePair.of("es", "en")), connect(null).pairs());
  }

  @Test
  void translatesABatchInOneRequestInOrderLeavingEmptyUnitsEmpty() {
    List<String> spanish = connect(null).translate(List.of("hello world", "", "good morning", "cat"), EN_ES).await();

    assertEquals(List.of("hola mundo", "", "buenos días", "gato"), spanish);
    assertEquals(1, stub.translateRequests.get());
  }

  @Test
  void sendsItsApiKeyWhereTheServiceRequiresOne() {
    stub.requiredKey = "secret";

    assertEquals(List.of("hola"), connect("secret").translate(List.of("hello"), EN_ES).await());
  }

  @Test
  void reportsAWrongApiKeyAsARefusalWithTheServicesMessage() {
    stub.requiredKey = "secret";

    TranslationException refused = failure(() -> connect("guess").translate(List.of("hello"), EN_ES).await());

    assertEquals(Reason.REFUSED, refused.reason());
    assertFalse(refused.retryable());
    assertEquals("libretranslate at " + url + "/translate answered 403: Invalid API key", refused.getMessage());
  }

  @Test
  void reportsAMissingApiKeyAsARefusal() {
    stub.requiredKey = "secret";

    TranslationException refused = failure(() -> connect(null).translate(List.of("hello"), EN_ES).await());

    assertEquals(Reason.REFUSED, refused.reason());
    assertTrue(refused.getMessage().endsWith("answered 400: Please contact the server operator to get an API key"));
  }

  @Test
  void reportsALanguageTheServiceCannotTranslateAfterAllAsARefusal() {
    TranslationException refused = failure(
        () -> connect(null).translate(List.of("hello"), LanguagePair.of("en", "de")).await());

    assertEquals(Reason.REFUSED, refused.reason());
    assertTrue(refused.getMessage().endsWith("answered 400: de is not supported"), refused.getMessage());
  }

  @Test
  void reportsSlowDownAsOverloadAndRetryable() {
    stub.requestLimit = 1;
    TranslationEngine engine = connect(null);
    engine.translate(List.of("hello"), EN_ES).await();

    TranslationException slowDown = failure(() -> engine.translate(List.of("hello"), EN_ES).await());

    assertEquals(Reason.OVERLOADED, slowDown.reason());
    assertTrue(slowDown.retryable());
    assertTrue(slowDown.getMessage().endsWith("answered 429: Slowdown: 1 per 1 minute"), slowDown.getMessage());
  }

  @Test
  void reportsATranslationErrorAsAnEngineFailure() {
    TranslationException failed = failure(
        () -> connect(null).translate(List.of("hello", "explode now"), EN_ES).await());

    assertEquals(Reason.ENGINE_ERROR, failed.reason());
    assertTrue(failed.getMessage().endsWith("answered 500: Cannot translate text: the model failed"));
  }

  @Test
  void refusesAPairItsLanguagesLackWithoutAskingTheService() {
    TranslationException refused = failure(
        () -> connect(null).translate(List.of("hello"), LanguagePair.of("en", "fr")).await());

    assertEquals(Reason.UNSUPPORTED_PAIR, refused.reason());
    assertEquals("libretranslate does not offer en->fr; it offers de->en, de->es, en->de, en->es, es->de, es->en",
        refused.getMessage());
    assertEquals(0, stub.translateRequests.get());
  }

  @Test
  void failsClearlyWhenTheServiceIsGone() {
    TranslationEngine engine = connect(null);
    stub.stop();

    TranslationException down = failure(() -> engine.translate(List.of("hello"), EN_ES).await());

    assertEquals(Reason.UNREACHABLE, down.reason());
    assertTrue(down.getMessage().startsWith("libretranslate at " + url + "/translate is unreachable"),
        down.getMessage());
  }

  @Test
  void givesUpOnAServiceThatDoesNotAnswerInTime() {
    TranslationException late = failure(() -> LibreTranslateEngine.connect(vertx, "libretranslate",
        new LibreTranslateConfig(url + "/hang", null, 300)).await());

    assertEquals(Reason.TIMEOUT, late.reason());
    assertEquals("libretranslate at " + url + "/hang/languages did not answer within 300 ms", late.getMessage());
  }
}
