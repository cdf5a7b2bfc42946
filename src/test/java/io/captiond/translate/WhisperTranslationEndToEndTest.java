package io.captiond.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AudioWindow;
import io.captiond.asr.EngineCatalog;
import io.captiond.asr.TranscribeOptions;
import io.captiond.asr.whisper.SyntheticWhisper;
import io.captiond.media.Pcm16k;
import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.TestServer;
import io.captiond.testing.WavFile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code whisper} translation engine through the whole server, on the synthetic micro model: a Spanish
 * stream pulled from a file, {@code "translations": [{"lang": "en", "engine": "whisper"}]}. Every English unit
 * on {@code ?lang=en} is exactly what the engine hears in that unit's source span with {@code task=translate}
 * (random weights: garbage words, exact ones), keeps the span, is stored and replayed, and no source final is
 * translated twice.
 */
class WhisperTranslationEndToEndTest {

  @TempDir
  Path data;

  static JsonObject stream(String language, Object... translations) {
    return new JsonObject().put("name", "whisper-translated").put("language", language).put("engine", "micro")
        .put("source", new JsonObject().put("type", "pull").put("url", Fixtures.jfkWav().toString())
            .put("realtime", false))
        .put("translations", new JsonArray(List.of(translations)));
  }

  static JsonObject whisper(String language) {
    return new JsonObject().put("lang", language).put("engine", "whisper");
  }

  /** Creates the stream once the node has heard its ASR worker (a heartbeat a second). */
  static ApiClient.Response create(ApiClient api, JsonObject body) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    ApiClient.Response created = api.post("/api/streams", body);
    while (created.status() == 400 && created.body().contains("needs an ASR worker") && System.nanoTime() < deadline) {
      Thread.sleep(200);
      created = api.post("/api/streams", body);
    }
    return created;
  }

  @Test
  void englishUnitsAreWhatWhisperHearsInTheirSourceSpansWithTheTranslateTask() throws Exception {
    Path micro = SyntheticWhisper.ensure("micro").resolve("model").toAbsolutePath();
    short[] jfk = WavFile.read16kMono(Fixtures.jfkWav());
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of("whisper.models",
        List.of("micro=" + micro), "whisper.threads", 1, "whisper.temperatures", List.of("0.0"))))) {
      ApiClient api = server.api();
      ApiClient.Response created = create(api, stream("es", whisper("en")));
      assertEquals(201, created.status(), created.body());
      String id = created.json().getString("id");
      assertEquals(new JsonArray().add(whisper("en")), created.json().getJsonArray("translations"));

      ApiClient.Response fromEnglish = api.post("/api/streams", stream("en", whisper("en")));
      assertEquals(400, fromEnglish.status(), fromEnglish.body());
      assertTrue(fromEnglish.body().contains("already en"), fromEnglish.body());
      ApiClient.Response notEnglish = api.post("/api/streams", stream("es", whisper("fr")));
      assertEquals(400, notEnglish.status(), notEnglish.body());
      assertTrue(notEnglish.body().contains("into en only"), notEnglish.body());

      ApiClient.CaptionListener source = api.listen(id, 0);
      ApiClient.CaptionListener english = api.listen(id, 0, "en");
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(120));
      List<JsonObject> finals = source.awaitFinals((int) ended.getJsonObject("stats").getLong("captions").longValue(),
          Duration.ofSeconds(5));
      List<JsonObject> translated = TranslatedCaptionsEndToEndTest.awaitCovering(english, finals,
          Duration.ofSeconds(60));
      source.close();
      english.close();
      System.out.printf("whisper translation: %d source finals, %d English units: %s%n", finals.size(),
          translated.size(), translated.stream().map(t -> t.getLong("start") + "-" + t.getLong("end") + " "
              + t.getString("text")).collect(Collectors.joining(" | ")));
      assertFalse(finals.isEmpty(), "the micro model confirms words: " + ended.encode());
      assertFalse(translated.isEmpty(), "English units");

      try (EngineCatalog.Lease lease = server.node().engines().acquire("micro").orElseThrow()) {
        for (JsonObject unit : translated) {
          long startMs = unit.getLong("start");
          long endMs = unit.getLong("end");
          short[] span = Arrays.copyOfRange(jfk, (int) Pcm16k.msToSamples(startMs), (int) Pcm16k.msToSamples(endMs));
          String heard = lease.engine().transcribe(new AudioWindow(startMs, span),
              new TranscribeOptions("es", "", TranscribeOptions.TRANSLATE)).text().strip();
          assertEquals(heard, unit.getString("text"), "the unit " + startMs + "-" + endMs + " ms");
        }
      }
      List<Long> named = translated.stream().flatMap(t -> t.getJsonArray("source").stream())
          .map(seq -> ((Number) seq).longValue()).toList();
      assertEquals(finals.stream().map(f -> f.getLong("seq")).toList(), named,
          "every source final translated once, in order");
      for (JsonObject unit : translated) {
        List<JsonObject> sources = unit.getJsonArray("source").stream().map(seq -> finals.stream()
            .filter(f -> f.getLong("seq").equals(((Number) seq).longValue())).findFirst().orElseThrow()).toList();
        assertEquals(sources.get(0).getLong("start"), unit.getLong("start"), "the unit starts with its first word");
        assertEquals(sources.get(sources.size() - 1).getLong("end"), unit.getLong("end"), "and ends with its last");
      }

      ApiClient.CaptionListener again = api.listen(id, 0, "en");
      again.awaitFinals(translated.size(), Duration.ofSeconds(5));
      Thread.sleep(300);
      again.close();
      assertEquals(translated, again.finals(), "the stored English units are replayed as they were announced");
      assertTrue(api.get("/metrics").body().contains("captiond_translation_lag_seconds_count{lang=\"en\""));

      ApiClient.Response badPatch = api.patch("/api/streams/" + id, new JsonObject().put("translations",
          new JsonArray().add(whisper("de"))));
      assertEquals(400, badPatch.status(), badPatch.body());
      assertTrue(badPatch.body().contains("into en only"), badPatch.body());
      ApiClient.Response patched = api.patch("/api/streams/" + id, new JsonObject().put("translations",
          new JsonArray().add(whisper("en"))));
      assertEquals(200, patched.status(), patched.body());
      assertEquals(new JsonArray().add(whisper("en")), patched.json().getJsonArray("translations"));
    }
  }
}
