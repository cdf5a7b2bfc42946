package io.captiond.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Engines are made by kind from their settings. */
class TranslationEnginesTest {

  Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void makesAnEngineOfTheKindItsSettingsName() {
    LibreTranslateStub stub = new LibreTranslateStub();
    String url = "http://127.0.0.1:" + stub.start(vertx);

    TranslationEngine engine = TranslationEngines.create(vertx, "office",
        new JsonObject().put("kind", "libretranslate").put("url", url)).await();

    assertEquals("office", engine.name());
    assertTrue(engine.pairs().contains(LanguagePair.of("en", "es")));
    engine.close();
  }

  @Test
  void refusesAnUnknownKindNamingTheKnownOnes() {
    Exception refused = assertThrows(Exception.class,
        () -> TranslationEngines.create(vertx, "deepl", new JsonObject()).await());

    assertEquals("no translation engine kind 'deepl'; there are [apertium, libretranslate]", refused.getMessage());
  }

  @Test
  void saysWhisperIsNotBuiltYet() {
    Exception refused = assertThrows(Exception.class,
        () -> TranslationEngines.create(vertx, "whisper", new JsonObject()).await());

    assertTrue(refused.getMessage().startsWith("translation engine kind 'whisper' is not built yet"));
  }

  @Test
  void refusesSettingsWithAUrlThatIsNotHttp() {
    Exception refused = assertThrows(Exception.class, () -> TranslationEngines.create(vertx, "apertium",
        new JsonObject().put("url", "localhost:2737")).await());

    assertEquals("a translation service URL must start with http:// or https://, not localhost:2737",
        refused.getMessage());
  }
}
