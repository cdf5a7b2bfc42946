package io.captiond.captions.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.loadtest.Speech;
import io.captiond.testing.ApiClient;
import io.captiond.testing.Publisher;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subtitles on screen when the words are heard, in two independent HLS player engines: hls.js (captiond's
 * player page) and Shaka Player, both in Debian's Chromium at their default live position, on an RTMP
 * stream of a minute of continuous read speech with short pauses, served in synced mode. For every cue the
 * players record when it reached their text track against the playhead ({@code src/test/browser/check-cues.mjs}).
 */
class SubtitleSyncBrowserTest {

  private static final Path BROWSER_DIR = Path.of("src", "test", "browser");
  private static final List<String> ENGINES = List.of("hlsjs", "shaka");
  private static final int SPEECH_SECONDS = 65;

  @TempDir
  Path data;

  @Test
  void bothPlayersHaveEveryCueBeforeItsWordsAreHeard() throws Exception {
    Map<String, Figures> figures = playLiveStream(null);
    figures.forEach((engine, f) -> assertTrue(f.inTimeShare() >= 0.95,
        engine + ": cues in the track before their start and shown while heard: " + f));
  }

  @Test
  @Tag("slow")
  void withBothCoresBusyAtLeastNineInTenCuesAreOnTime() throws Exception {
    List<Process> burners = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      burners.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
    }
    try {
      Map<String, Figures> figures = playLiveStream(() -> "2 busy loops competing for the 2 cores");
      figures.forEach((engine, f) -> assertTrue(f.inTimeShare() >= 0.90,
          engine + ", cores busy: cues on time: " + f));
    } finally {
      burners.forEach(Process::destroyForcibly);
    }
  }

  /** One stream, both players watching it; the figures of each. */
  private Map<String, Figures> playLiveStream(Supplier<String> condition) throws Exception {
    HlsSubtitlesEndToEndTest.installBrowserDriver();
    Speech.Script script = new Speech(data.resolve("speech"), 400).script(0, SPEECH_SECONDS);
    try (TestServer server = TestServer.start(TestServer.config(data.resolve("server"), Map.of(
        "rtmp.reconnect_grace_ms", 1000)))) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("sync");
      String id = created.getString("id");
      ApiClient.CaptionListener feed = api.listen(id, 0);
      List<Process> players = new ArrayList<>();
      for (String engine : ENGINES) {
        players.add(new ProcessBuilder("node", "check-cues.mjs", engine, api.base(), id,
            Integer.toString(SPEECH_SECONDS + 60)).directory(BROWSER_DIR.toFile())
            .redirectOutput(data.resolve(engine + ".json").toFile())
            .redirectError(data.resolve(engine + ".log").toFile()).start());
      }
      try (Publisher publisher = Publisher.start(script.wav(), 0, 0, true, created.getString("publish"))) {
        assertEquals(0, publisher.await(SPEECH_SECONDS + 30), publisher::log);
        api.awaitState(id, "ended", Duration.ofSeconds(60));
        for (Process player : players) {
          assertTrue(player.waitFor(90, TimeUnit.SECONDS), "the player check finishes");
        }
      } finally {
        players.forEach(Process::destroyForcibly);
      }
      feed.close();
      List<JsonObject> feedCues = feed.events().stream().filter(e -> "cue".equals(e.getString("type"))).toList();
      Map<String, Figures> figures = new java.util.LinkedHashMap<>();
      for (String engine : ENGINES) {
        JsonObject result = new JsonObject(Files.readString(data.resolve(engine + ".json")));
        Figures f = Figures.of(engine, result.getJsonArray("cues"), feedCues, script);
        figures.put(engine, f);
        System.out.println(f.report(condition == null ? "quiet" : condition.get()));
      }
      String metrics = api.get("/metrics").body();
      System.out.println("sync: " + String.join("; ", metrics.lines().filter(l -> (l.startsWith(
          "captiond_subtitles_holdback_milliseconds_count") || l.startsWith("captiond_cues_available")
          || l.startsWith("captiond_hls_video_delay")) && (l.contains("_count") || l.contains("_max"))).toList()));
      assertTrue(feedCues.size() >= 10, "a minute of speech gives cues: " + feedCues.size());
      return figures;
    }
  }

  /** What one player saw, cue by cue. */
  record Figures(String engine, int cues, int before, int shown, int inTime, List<String> rows) {

    static Figures of(String engine, JsonArray seen, List<JsonObject> feedCues, Speech.Script script) {
      int before = 0;
      int shown = 0;
      int inTime = 0;
      List<String> rows = new ArrayList<>();
      for (int i = 0; i < seen.size(); i++) {
        JsonObject cue = seen.getJsonObject(i);
        boolean early = cue.getBoolean("before");
        boolean onScreen = cue.getBoolean("shown");
        before += early ? 1 : 0;
        shown += onScreen ? 1 : 0;
        inTime += early && onScreen ? 1 : 0;
        double arrivalMinusStart = cue.getDouble("arrivedAt") - cue.getDouble("start");
        JsonObject fed = feedCues.stream().filter(c -> c.getString("text").equals(cue.getString("text")))
            .findFirst().orElse(null);
        String spoken = fed == null ? "?" : Long.toString(fed.getLong("start") - spokenAt(fed, script));
        rows.add(String.format(Locale.ROOT, "%8.2f s  arrival-start %+6.2f s  start-spoken %5s ms  %s  %s",
            cue.getDouble("start"), arrivalMinusStart, spoken, onScreen ? "shown" : "NOT SHOWN",
            cue.getString("text").replace('\n', ' ')));
      }
      return new Figures(engine, seen.size(), before, shown, inTime, rows);
    }

    /** When the cue's first word was spoken: its sentence's start plus its share of the sentence by characters. */
    private static long spokenAt(JsonObject cue, Speech.Script script) {
      String first = cue.getString("text").split("\\s+")[0].toLowerCase(Locale.ROOT).replaceAll("[^a-z']", "");
      Speech.Sentence best = null;
      for (Speech.Sentence s : script.sentences()) {
        if (best == null || Math.abs(s.startMs() - cue.getLong("start")) < Math.abs(best.startMs() - cue.getLong("start"))
            || s.startMs() <= cue.getLong("start") && s.endMs() >= cue.getLong("start")) {
          best = s;
          if (s.startMs() <= cue.getLong("start") && s.endMs() >= cue.getLong("start")) {
            break;
          }
        }
      }
      String text = best.text().toLowerCase(Locale.ROOT);
      int at = Math.max(0, text.indexOf(first));
      return best.startMs() + (best.endMs() - best.startMs()) * at / Math.max(1, text.length());
    }

    double inTimeShare() {
      return cues == 0 ? 0 : (double) inTime / cues;
    }

    String report(String condition) {
      return String.format(Locale.ROOT, "sync %s (%s): %d cues, %d in the track before their start, %d shown while"
          + " heard, %d both (%.0f%%)%n  %s", engine, condition, cues, before, shown, inTime, 100 * inTimeShare(),
          String.join("\n  ", rows));
    }

    @Override
    public String toString() {
      return report("");
    }
  }
}
