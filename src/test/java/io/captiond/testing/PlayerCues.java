package io.captiond.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.loadtest.Speech;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two independent HLS player engines watching one captiond stream in Debian's Chromium, at their default live
 * position: hls.js on captiond's player page and Shaka Player ({@code src/test/browser/check-cues.mjs}). Each
 * records, per cue, when it reached the player's text track against the playhead and whether it was shown while
 * its words were heard.
 */
public final class PlayerCues implements AutoCloseable {

  public static final List<String> ENGINES = List.of("hlsjs", "shaka");
  private static final Path BROWSER_DIR = Path.of("src", "test", "browser");

  private final Path dir;
  private final List<Process> players = new ArrayList<>();

  private PlayerCues(Path dir) {
    this.dir = dir;
  }

  /** npm ci in src/test/browser when its node_modules are missing (scripts/install-deps.sh does it too). */
  public static void installBrowserDriver() throws Exception {
    assertTrue(Files.isExecutable(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"))),
        "Debian's chromium is needed (scripts/install-deps.sh installs it)");
    Path modules = BROWSER_DIR.resolve("node_modules");
    if (!Files.isDirectory(modules.resolve("playwright-core")) || !Files.isDirectory(modules.resolve("shaka-player"))) {
      Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(BROWSER_DIR.toFile())
          .redirectErrorStream(true).start();
      String out = new String(npm.getInputStream().readAllBytes());
      assertTrue(npm.waitFor(300, TimeUnit.SECONDS));
      assertEquals(0, npm.exitValue(), "npm ci: " + out);
    }
  }

  /** Starts both players on stream {@code id}; they watch for at most {@code seconds}. */
  public static PlayerCues watch(ApiClient api, String id, int seconds, Path dir) throws Exception {
    PlayerCues cues = new PlayerCues(dir);
    for (String engine : ENGINES) {
      cues.players.add(new ProcessBuilder("node", "check-cues.mjs", engine, api.base(), id, Integer.toString(seconds))
          .directory(BROWSER_DIR.toFile()).redirectOutput(dir.resolve(engine + ".json").toFile())
          .redirectError(dir.resolve(engine + ".log").toFile()).start());
    }
    return cues;
  }

  /** Waits for both players to finish (the stream ended and they played it out). */
  public void await() throws InterruptedException {
    for (Process player : players) {
      assertTrue(player.waitFor(90, TimeUnit.SECONDS), "the player check finishes");
    }
  }

  /** What each player saw, against the WebSocket feed's cues and the script's spoken times. */
  public Map<String, Figures> figures(List<JsonObject> feedCues, Speech.Script script) throws Exception {
    Map<String, Figures> figures = new LinkedHashMap<>();
    for (String engine : ENGINES) {
      JsonObject result = new JsonObject(Files.readString(dir.resolve(engine + ".json")));
      figures.put(engine, Figures.of(engine, result.getJsonArray("cues"), feedCues, script,
          "started " + result.getValue("started") + ", last " + result.getValue("last") + " console " + result.getValue("console")));
    }
    return figures;
  }

  /**
   * The server's cue availability, synced video delay, hold-back, caption lag and engine time per window metrics
   * (counts, sums and maxima), and the decode pace (step and window now, times slowed and quickened), one line: what a
   * run's misses come from (an engine that fell behind shows as engine time per window and caption lag, and as
   * segments out by their budget).
   */
  public static String serverFigures(ApiClient api) throws Exception {
    String metrics = api.get("/metrics").body();
    return "sync: " + String.join("; ", metrics.lines().filter(l -> (l.startsWith(
        "captiond_subtitles_holdback_milliseconds_count") || l.startsWith("captiond_cues_available")
        || l.startsWith("captiond_hls_video_delay") || l.startsWith("captiond_caption_lag")
        || l.startsWith("captiond_asr_transcribe_seconds")) && (l.contains("_count") || l.contains("_sum")
        || l.contains("_max")) || l.startsWith("captiond_asr_pace")).toList());
  }

  @Override
  public void close() {
    players.forEach(Process::destroyForcibly);
  }

  /** What one player saw, cue by cue. */
  public record Figures(String engine, int cues, int before, int shown, int inTime, List<String> rows, String state) {

    static Figures of(String engine, JsonArray seen, List<JsonObject> feedCues, Speech.Script script, String state) {
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
      List<String> inTrack = new ArrayList<>();
      for (int i = 0; i < seen.size(); i++) {
        inTrack.add(seen.getJsonObject(i).getString("text"));
      }
      long missing = feedCues.stream().filter(c -> !inTrack.contains(c.getString("text"))).count();
      // Not in the share: a cue of the feed the player never had (its words before where it started, or after it
      // stopped, or lost); printed so that a short track cannot pass unseen.
      return new Figures(engine, seen.size(), before, shown, inTime, rows,
          missing + " of the feed's " + feedCues.size() + " cues never in the track; " + state);
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

    public double inTimeShare() {
      return cues == 0 ? 0 : (double) inTime / cues;
    }

    public String report(String condition) {
      return String.format(Locale.ROOT, "sync %s (%s): %d cues, %d in the track before their start, %d shown while"
          + " heard, %d both (%.0f%%)%n  %s%n  player at the end: %s", engine, condition, cues, before, shown, inTime,
          100 * inTimeShare(), String.join("\n  ", rows), state.length() > 600 ? state.substring(0, 600) : state);
    }

    @Override
    public String toString() {
      return report("");
    }
  }
}
