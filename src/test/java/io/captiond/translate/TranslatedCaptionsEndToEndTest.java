package io.captiond.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Apertium;
import io.captiond.testing.Flite;
import io.captiond.testing.TestServer;
import io.captiond.testing.WebVtt;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Translated captions through the whole server with a real Apertium APy started here: flite speech pulled
 * from a file, recognized by pocketsphinx, cut into units and translated into Spanish; every Spanish final
 * is what the {@code apertium eng-spa} command line prints for the same English unit, and every source
 * final is translated exactly once.
 */
class TranslatedCaptionsEndToEndTest {

  static final List<String> SENTENCES = List.of(
      "The weather is nice today.",
      "I would like a cup of coffee.",
      "Please open the door for me.",
      "We will meet at the station tomorrow morning.",
      "She reads a book every night.");

  @TempDir
  Path data;

  @Test
  void spanishFinalsAreApertiumsTranslationsOfTheEnglishUnitsAndCoverEveryFinalOnce() throws Exception {
    Path wav = Flite.speak(SENTENCES, 900, data.resolve("sentences.wav"));
    try (Apertium apertium = Apertium.start(data.resolve("apy.log"));
        TestServer server = TestServer.start(TestServer.config(data.resolve("server"),
            Map.of("translate.apertium_url", apertium.url())))) {
      ApiClient api = server.api();
      ApiClient.Response refused = api.post("/api/streams", pullStream(wav, "fr"));
      assertEquals(400, refused.status(), refused.body());
      assertTrue(refused.body().contains("en->fr") && refused.body().contains("en->es")
          && refused.body().contains("en->ca"), "the refusal lists the pairs available: " + refused.body());

      ApiClient.Response created = api.post("/api/streams", pullStream(wav, "es"));
      assertEquals(201, created.status(), created.body());
      String id = created.json().getString("id");
      assertEquals(new JsonArray().add("es"), created.json().getJsonArray("translations"));
      ApiClient.CaptionListener source = api.listen(id, 0);
      ApiClient.CaptionListener spanish = api.listen(id, 0, "es");

      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(120));
      List<JsonObject> finals = source.awaitFinals((int) ended.getJsonObject("stats").getLong("captions").longValue(),
          Duration.ofSeconds(5));
      List<JsonObject> translated = awaitCovering(spanish, finals, Duration.ofSeconds(20));
      source.close();
      spanish.close();
      System.out.printf("translation: %d source finals, %d Spanish finals: %s%n", finals.size(), translated.size(),
          translated.stream().map(t -> t.getString("text")).collect(Collectors.joining(" | ")));
      assertFalse(translated.isEmpty(), "Spanish finals");
      List<String> english = checkEachUnit(finals, translated, "eng-spa");
      System.out.println("translation: English units " + english);

      ApiClient.Response vtt = api.get("/streams/" + id + "/captions.vtt?lang=es");
      assertEquals(200, vtt.status(), vtt.body());
      List<WebVtt.Cue> cues = WebVtt.parse(vtt.body());
      assertFalse(cues.isEmpty(), vtt.body());
      long first = translated.get(0).getLong("start");
      long last = translated.get(translated.size() - 1).getLong("end");
      assertTrue(cues.stream().allMatch(c -> c.startMs() >= first && c.endMs() <= last), "cues in the units' spans");
      assertEquals(200, api.get("/streams/" + id + "/captions.srt?lang=es").status());
      assertEquals(404, api.get("/streams/" + id + "/captions.vtt?lang=de").status());

      ApiClient.Response replayed = api.patch("/api/streams/" + id, new JsonObject().put("translations",
          new JsonArray().add("es").add("ca")));
      assertEquals(200, replayed.status(), replayed.body());
      assertEquals(new JsonArray().add("es").add("ca"), replayed.json().getJsonArray("translations"));
      ApiClient.Response badPatch = api.patch("/api/streams/" + id, new JsonObject().put("translations",
          new JsonArray().add("xx")));
      assertEquals(400, badPatch.status(), badPatch.body());
      assertTrue(badPatch.body().contains("en->es"), badPatch.body());

      ApiClient.CaptionListener again = api.listen(id, 0, "es");
      again.awaitFinals(translated.size(), Duration.ofSeconds(5));
      Thread.sleep(300);
      again.close();
      assertEquals(translated, again.finals(), "the stored Spanish finals are replayed as they were announced");
      String metrics = api.get("/metrics").body();
      assertTrue(metrics.contains("captiond_translation_lag_seconds_count{lang=\"es\""), metrics.lines()
          .filter(l -> l.contains("translation")).collect(Collectors.joining("\n")));
      assertTrue(metrics.contains("captiond_translation_units_total{lang=\"es\""));
    }
  }

  static JsonObject pullStream(Path wav, String... translations) {
    return new JsonObject().put("name", "translated").put("language", "en")
        .put("source", new JsonObject().put("type", "pull").put("url", wav.toString()).put("realtime", false))
        .put("translations", new JsonArray(List.of(translations)));
  }

  /** Waits until the translated finals name every source final. */
  static List<JsonObject> awaitCovering(ApiClient.CaptionListener translated, List<JsonObject> finals,
      Duration timeout) throws InterruptedException {
    Set<Long> wanted = finals.stream().map(f -> f.getLong("seq")).collect(Collectors.toCollection(TreeSet::new));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && !covered(translated.finals()).containsAll(wanted)) {
      Thread.sleep(100);
    }
    return translated.finals();
  }

  static Set<Long> covered(List<JsonObject> translated) {
    Set<Long> seqs = new TreeSet<>();
    translated.forEach(t -> t.getJsonArray("source").forEach(seq -> seqs.add(((Number) seq).longValue())));
    return seqs;
  }

  /**
   * Each translated final names source finals that no other names, together every final once; its text is
   * what the command line prints for those finals' text, and its span is theirs. Returns the English units.
   */
  static List<String> checkEachUnit(List<JsonObject> finals, List<JsonObject> translated, String pair)
      throws Exception {
    List<Long> named = new ArrayList<>();
    List<String> english = new ArrayList<>();
    for (JsonObject unit : translated) {
      List<JsonObject> sources = unit.getJsonArray("source").stream()
          .map(seq -> finals.stream().filter(f -> f.getLong("seq").equals(((Number) seq).longValue())).findFirst()
              .orElseThrow(() -> new AssertionError("unit " + unit + " names an unknown final " + seq)))
          .toList();
      assertFalse(sources.isEmpty(), "a unit translates finals: " + unit);
      sources.forEach(s -> named.add(s.getLong("seq")));
      String text = sources.stream().map(s -> s.getString("text").strip()).filter(t -> !t.isEmpty())
          .collect(Collectors.joining(" "));
      english.add(text);
      assertEquals(Apertium.cli(pair, text), unit.getString("text"), "the unit '" + text + "'");
      assertEquals(sources.get(0).getLong("start"), unit.getLong("start"), "the unit starts with its first word");
      assertEquals(sources.get(sources.size() - 1).getLong("end"), unit.getLong("end"), "and ends with its last");
    }
    assertEquals(finals.stream().map(f -> f.getLong("seq")).toList(), named,
        "every source final translated once, in order");
    return english;
  }
}
