package io.captiond.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.EngineCatalog;
import io.captiond.asr.WorkerDirectory;
import io.captiond.asr.WorkerInfo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code translations} field's checks of the {@code whisper} engine, which need no translation node. */
class TranslationsFieldTest {

  static final JsonArray WHISPER_EN = new JsonArray().add(new JsonObject().put("lang", "en").put("engine", "whisper"));

  static WorkerDirectory serving(String kind) {
    WorkerDirectory directory = new WorkerDirectory();
    directory.heard(new WorkerInfo("local", "small", List.of(new EngineCatalog.Description("small", kind, "CPU", 1,
        "/models/small", 0)), 4, 0, 0));
    return directory;
  }

  static String refusal(Future<List<String>> checked) {
    assertTrue(checked.failed(), "refused");
    assertTrue(checked.cause() instanceof IllegalArgumentException, checked.cause().toString());
    return checked.cause().getMessage();
  }

  @Test
  void aSpanishStreamMayChooseWhisperForEnglishWhileAWhisperWorkerIsLoaded() {
    Future<List<String>> checked = new TranslationsField(null, serving("whisper"), 8).check(WHISPER_EN, "es");
    assertEquals(List.of("en:whisper"), checked.result());
  }

  @Test
  void whisperIsRefusedWhenNoWorkerHasAWhisperModel() {
    String why = refusal(new TranslationsField(null, serving("pocketsphinx"), 8).check(WHISPER_EN, "es"));
    assertTrue(why.contains("needs an ASR worker with a Whisper model") && why.contains("small"), why);
    assertTrue(refusal(new TranslationsField(null, new WorkerDirectory(), 8).check(WHISPER_EN, "es"))
        .contains("none is"));
  }

  @Test
  void whisperIsRefusedForAnEnglishOrDetectedSourceAndForOtherTargets() {
    TranslationsField field = new TranslationsField(null, serving("whisper"), 8);
    assertTrue(refusal(field.check(WHISPER_EN, "en")).contains("already en"));
    assertTrue(refusal(field.check(WHISPER_EN, null)).contains("detected"));
    JsonArray french = new JsonArray().add(new JsonObject().put("lang", "fr").put("engine", "whisper"));
    assertTrue(refusal(field.check(french, "es")).contains("into en only"));
  }

  @Test
  void anEngineNameMustLookLikeOne() {
    JsonArray bad = new JsonArray().add(new JsonObject().put("lang", "en").put("engine", "Whis per!"));
    assertTrue(refusal(new TranslationsField(null, serving("whisper"), 8).check(bad, "es"))
        .contains("not an engine name"));
  }

  @Test
  void theStreamsTargetsAreShownAsTheyWereAsked() {
    assertEquals(new JsonArray().add("es").add(new JsonObject().put("lang", "en").put("engine", "whisper")),
        TranslationsField.shown(List.of("es", "en:whisper")));
  }
}
