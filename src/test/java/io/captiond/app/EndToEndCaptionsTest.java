package io.captiond.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.Flite;
import io.captiond.testing.TestServer;
import io.captiond.testing.WebVtt;
import io.captiond.testing.WordErrorRate;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server, end to end: a pull stream created over the API, real VAD and pocketsphinx,
 * captions read by a real WebSocket client and as WebVTT.
 */
class EndToEndCaptionsTest {

  private static final long JFK_MS = 11_000;

  @TempDir
  Path data;

  @Test
  void jfkInRealTimeGivesPartialsThenFinalsMatchingTheTranscriptAndTheWebVtt() throws Exception {
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.api();
      JsonObject created = api.createPull("jfk", Fixtures.jfkWav().toString(), true);
      String id = created.getString("id");
      assertEquals("/ws/streams/" + id + "/captions", created.getJsonObject("captions").getString("ws"));
      ApiClient.CaptionListener viewer = api.listen(id, 0);

      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(60));
      List<JsonObject> finals = viewer.awaitFinals((int) ended.getJsonObject("stats").getLong("captions").longValue(),
          Duration.ofSeconds(5));
      viewer.close();

      assertFalse(viewer.partials().isEmpty(), "tentative captions while speech goes on");
      assertFalse(finals.isEmpty(), "final captions");
      String text = finals.stream().map(f -> f.getString("text")).collect(Collectors.joining(" "));
      double wer = WordErrorRate.of(Fixtures.jfkReference(), text);
      System.out.printf("jfk through the server: WER %.3f, %d partials, %d finals: %s%n", wer,
          viewer.partials().size(), finals.size(), text);
      assertTrue(wer <= 0.7, "WER " + wer + " for: " + text);

      assertSequencesIncrease(viewer.events());
      long previousEnd = 0;
      for (JsonObject cue : finals) {
        long start = cue.getLong("start");
        long end = cue.getLong("end");
        assertTrue(start >= previousEnd, "cues in order and not overlapping: " + finals);
        assertTrue(end > start && end <= JFK_MS + 500, "cue inside the clip: " + cue);
        previousEnd = end;
      }

      ApiClient.Response vtt = api.get("/streams/" + id + "/captions.vtt");
      assertEquals(200, vtt.status());
      assertTrue(vtt.headers().firstValue("Content-Type").orElse("").startsWith("text/vtt"));
      List<WebVtt.Cue> cues = WebVtt.parse(vtt.body());
      List<JsonObject> cueEvents = viewer.events().stream().filter(e -> "cue".equals(e.getString("type"))).toList();
      assertEquals(cueEvents.size(), cues.size(), "the .vtt holds the cues the feed laid out: " + vtt.body());
      for (int i = 0; i < cues.size(); i++) {
        assertEquals(cueEvents.get(i).getString("text"), cues.get(i).text());
        assertEquals(cueEvents.get(i).getLong("start"), cues.get(i).startMs());
        assertEquals(cueEvents.get(i).getLong("end"), cues.get(i).endMs());
        assertTrue(cues.get(i).text().lines().allMatch(line -> line.length() <= 42), cues.get(i).text());
      }
      String cueText = cues.stream().map(WebVtt.Cue::text).collect(Collectors.joining(" "));
      assertEquals(WordErrorRate.normalize(text), WordErrorRate.normalize(cueText), "the cues say what the finals say");
      ApiClient.Response srt = api.get("/streams/" + id + "/captions.srt");
      assertEquals(200, srt.status());
      assertTrue(srt.body().startsWith("1\n"), srt.body());
    }
  }

  @Test
  void fliteSentencesAreCaptionedWithLowWordErrorRate() throws Exception {
    List<String> sentences = List.of(
        "The weather is nice today.",
        "I would like a cup of coffee.",
        "Please open the door for me.",
        "We will meet at the station tomorrow morning.",
        "She reads a book every night.");
    Path wav = Flite.speak(sentences, 900, data.resolve("sentences.wav"));
    try (TestServer server = TestServer.start(data.resolve("server"))) {
      ApiClient api = server.api();
      String id = api.createPull("flite", wav.toString(), false).getString("id");
      ApiClient.CaptionListener viewer = api.listen(id, 0);
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(90));
      List<JsonObject> finals = viewer.awaitFinals(
          (int) ended.getJsonObject("stats").getLong("captions").longValue(), Duration.ofSeconds(5));
      viewer.close();
      String text = finals.stream().map(f -> f.getString("text")).collect(Collectors.joining(" "));
      double wer = WordErrorRate.of(String.join(" ", sentences), text);
      System.out.printf("flite through the server: WER %.3f, %d finals: %s%n", wer, finals.size(), text);
      assertTrue(wer <= 0.3, "WER " + wer + " for: " + text);
    }
  }

  @Test
  void storedFinalsAreServedAgainAfterARestart() throws Exception {
    List<JsonObject> before;
    String id;
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.api();
      id = api.createPull("restart", Fixtures.jfkWav().toString(), false).getString("id");
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(60));
      long count = ended.getJsonObject("stats").getLong("captions");
      assertTrue(count > 0, "captions before the restart: " + ended);
      ApiClient.CaptionListener viewer = api.listen(id, 0);
      before = viewer.awaitFinals((int) count, Duration.ofSeconds(5));
      viewer.close();
      assertEquals(count, before.size());
    }
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.api();
      assertEquals("ended", api.get("/api/streams/" + id).json().getString("state"));
      ApiClient.CaptionListener viewer = api.listen(id, 0);
      List<JsonObject> after = viewer.awaitFinals(before.size(), Duration.ofSeconds(5));
      Thread.sleep(300);
      viewer.close();
      assertEquals(before, viewer.events(), "the same finals, and nothing else");
      assertEquals(before.size(), after.size());

      long since = before.get(0).getLong("seq");
      ApiClient.CaptionListener later = api.listen(id, since);
      later.awaitFinals(before.size() - 1, Duration.ofSeconds(5));
      Thread.sleep(300);
      later.close();
      assertEquals(before.subList(1, before.size()), later.events(), "only the finals after since");
    }
  }

  static void assertSequencesIncrease(List<JsonObject> events) {
    long previous = 0;
    for (JsonObject event : events) {
      long seq = event.getLong("seq");
      assertTrue(seq > previous, "seq strictly increasing: " + events);
      previous = seq;
    }
  }
}
