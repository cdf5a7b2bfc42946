package io.captiond.captions.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.media.hls.TimestampMap;
import io.captiond.media.hls.TsTimestamps;
import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.PlayerCues;
import io.captiond.testing.TestServer;
import io.captiond.testing.WebVtt;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subtitle rendition and the player page, end to end, on one live stream: Debian's ffmpeg
 * publishes the JFK clip twice over (speech, AAC) with a test picture (H.264) over RTMP in real
 * time; while it is live, headless Chromium (playwright-core, {@code src/test/browser}) plays
 * {@code /player/<id>}; afterwards ffprobe and ffmpeg read the master playlist with its subtitle
 * rendition. Cue texts must be the WebSocket's cues, and cue times those cues' stream times.
 */
class HlsSubtitlesEndToEndTest {

  private static final Path BROWSER_DIR = Path.of("src", "test", "browser");
  private static final Path SCREENSHOT = Path.of("target", "player-screenshot.png");

  @TempDir
  Path data;

  @Test
  void aLiveStreamPlaysInTheBrowserWithSubtitlesAndFfmpegReadsTheSubtitleRendition() throws Exception {
    installBrowserDriver();
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of("rtmp.reconnect_grace_ms", 1000,
        "hls_out.window_segments", 30, "hls_out.subtitle_holdback_ms", 4000)))) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("subtitles");
      String id = created.getString("id");
      ApiClient.CaptionListener feed = api.listen(id, 0);
      Path browserOut = data.resolve("browser.json");
      // The page opens while the stream waits (Chromium starts meanwhile) and plays as soon as it can.
      Process browser = new ProcessBuilder("node", "check-player.mjs", api.base() + "/player/" + id,
          SCREENSHOT.toAbsolutePath().toString(), "90").directory(BROWSER_DIR.toFile())
          .redirectOutput(browserOut.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(
              data.resolve("browser.log").toFile())).start();
      Process publisher = publishJfkTwice(created.getString("publish"), data.resolve("publisher.log"));
      try {
        api.awaitState(id, "live", Duration.ofSeconds(20));
        ApiClient.Response master = api.awaitOk("/hls/" + id + "/master.m3u8", Duration.ofSeconds(20));
        assertTrue(master.body().contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"English\","
            + "LANGUAGE=\"en\",DEFAULT=YES,AUTOSELECT=YES,URI=\"subs.m3u8\""), master.body());
        assertTrue(master.body().contains(",SUBTITLES=\"subs\"\nindex.m3u8"), master.body());
        assertTrue(publisher.waitFor(60, TimeUnit.SECONDS), "the publisher finishes");
        assertEquals(0, publisher.exitValue(), Files.readString(data.resolve("publisher.log")));
        api.awaitState(id, "ended", Duration.ofSeconds(60));
        assertTrue(browser.waitFor(90, TimeUnit.SECONDS), "the browser check finishes");
      } finally {
        publisher.destroyForcibly();
        browser.destroyForcibly();
      }
      feed.close();
      List<JsonObject> cues = feed.events().stream().filter(e -> "cue".equals(e.getString("type"))).toList();
      List<JsonObject> finals = feed.finals();
      System.out.printf("subtitles: %d finals, %d cues: %s%n", finals.size(), cues.size(),
          cues.stream().map(c -> c.getLong("start") + "-" + c.getLong("end") + " " + c.getString("text"))
              .collect(Collectors.joining(" | ")));
      assertTrue(cues.size() >= 4, "cues from two JFK clips: " + cues);

      Path hls = data.resolve("streams").resolve(id).resolve("hls");
      checkRenditionFiles(api, id, hls, cues);
      checkFfmpegReadsTheRendition(api.base() + "/hls/" + id + "/master.m3u8", cues, finals);
      checkBrowser(browserOut, hls, cues);
      checkRoutes(api, id);
      String metrics = api.get("/metrics").body();
      assertTrue(metrics.contains("captiond_subtitles_holdback_milliseconds_count{reason="), () -> metrics.lines()
          .filter(l -> l.contains("holdback")).collect(Collectors.joining("\n")));
      System.out.println("subtitles: " + metrics.lines().filter(l -> l.startsWith("captiond_subtitles_holdback")
          && (l.contains("_count") || l.contains("_max"))).collect(Collectors.joining("; ")));
    }
  }

  /** Only the names the server makes are served; the page and its state are public. */
  private static void checkRoutes(ApiClient api, String id) throws Exception {
    assertEquals(404, api.get("/hls/" + id + "/subs0.vtt.tmp").status());
    assertEquals(404, api.get("/hls/" + id + "/subs.m3u8.tmp").status());
    assertEquals(404, api.get("/hls/" + id + "/..%2Fcaptions.jsonl").status());
    ApiClient.Response status = api.getWithToken("/streams/" + id + "/status", null);
    assertEquals(200, status.status());
    assertEquals(new JsonObject().put("id", id).put("state", "ended"), status.json());
    ApiClient.Response page = api.getWithToken("/player/" + id, null);
    assertEquals(200, page.status());
    assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
    assertTrue(page.body().contains("/player/assets/hls.min.js"), page.body());
    assertEquals(200, api.getWithToken("/player/assets/hls.js.LICENSE", null).status());
    assertEquals(404, api.getWithToken("/player/assets/..%2F..%2Fcaptiond.yaml", null).status());
    assertEquals(404, api.getWithToken("/player/nosuchstream", null).status());
    assertEquals(404, api.getWithToken("/streams/nosuchstream/status", null).status());
  }

  /** subs.m3u8 follows index.m3u8 segment for segment; every cue is in the segments it overlaps. */
  private void checkRenditionFiles(ApiClient api, String id, Path hls, List<JsonObject> cues) throws Exception {
    String video = api.get("/hls/" + id + "/index.m3u8").body();
    ApiClient.Response subs = api.get("/hls/" + id + "/subs.m3u8");
    assertEquals(200, subs.status());
    assertTrue(subs.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.apple.mpegurl"));
    assertEquals(tag(video, "#EXT-X-MEDIA-SEQUENCE:"), tag(subs.body(), "#EXT-X-MEDIA-SEQUENCE:"));
    assertTrue(subs.body().endsWith("#EXT-X-ENDLIST\n"), subs.body());
    List<String> videoDurations = video.lines().filter(l -> l.startsWith("#EXTINF:")).toList();
    List<String> subsDurations = subs.body().lines().filter(l -> l.startsWith("#EXTINF:")).toList();
    assertEquals(videoDurations.size(), subsDurations.size(), video + "\n" + subs.body());
    for (int i = 0; i < videoDurations.size(); i++) {
      assertEquals(seconds(videoDurations.get(i)), seconds(subsDurations.get(i)), 0.0015, "segment " + i);
    }
    List<String> names = subs.body().lines().filter(l -> l.endsWith(".vtt")).toList();
    List<String> videoNames = video.lines().filter(l -> l.endsWith(".ts")).toList();
    TimestampMap clock = null;
    List<WebVtt.Cue> all = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      ApiClient.Response vtt = api.get("/hls/" + id + "/" + names.get(i));
      assertEquals(200, vtt.status());
      assertEquals("text/vtt; charset=utf-8", vtt.headers().firstValue("Content-Type").orElse(""));
      assertEquals(videoNames.get(i).replace("seg", "subs").replace(".ts", ".vtt"), names.get(i));
      String map = vtt.body().lines().skip(1).findFirst().orElseThrow();
      assertTrue(map.matches("X-TIMESTAMP-MAP=MPEGTS:\\d+,LOCAL:\\d{2}:\\d{2}:\\d{2}\\.\\d{3}"), map);
      long mpegts = Long.parseLong(map.substring(map.indexOf(':') + 1, map.indexOf(',')));
      long local = WebVtt.parse("WEBVTT\n\n" + map.substring(map.indexOf("LOCAL:") + 6) + " --> 99:00:00.000\nx\n")
          .get(0).startMs();
      // The map's MPEGTS is within a millisecond of where the video segment starts.
      long videoStart = TsTimestamps.startPts(TsTimestamps.firstPts(Files.readAllBytes(hls.resolve(videoNames.get(i)))));
      assertTrue(videoStart - mpegts >= 0 && videoStart - mpegts < 90, map + " for a segment at PTS " + videoStart);
      if (clock == null) {
        clock = new TimestampMap(mpegts, local);
      }
      assertEquals(local, clock.toStreamMs(mpegts), "one clock for every segment: " + map);
      all.addAll(WebVtt.parse(vtt.body().replaceFirst("\nX-TIMESTAMP-MAP=[^\n]*", "")));
    }
    for (JsonObject cue : cues) {
      assertTrue(all.stream().anyMatch(c -> c.startMs() == cue.getLong("start") && c.endMs() == cue.getLong("end")
          && c.text().equals(cue.getString("text"))), "cue " + cue + " in the rendition: " + all);
    }
  }

  /** ffprobe lists the subtitle stream; ffmpeg extracts it, with the cues' times. */
  private void checkFfmpegReadsTheRendition(String masterUrl, List<JsonObject> cues, List<JsonObject> finals)
      throws Exception {
    // FFmpeg's HLS demuxer reads subtitle renditions only when told experimental features are fine.
    String streams = run("ffprobe", "-v", "error", "-strict", "experimental", "-show_entries",
        "stream=index,codec_type,codec_name", "-of", "csv=p=0", masterUrl);
    System.out.println("subtitles: ffprobe of the master: " + streams.lines().collect(Collectors.joining("; ")));
    assertTrue(streams.contains("subtitle") && streams.contains("webvtt"), streams);
    Path out = data.resolve("extracted.vtt");
    run("ffmpeg", "-hide_banner", "-loglevel", "error", "-strict", "experimental", "-copyts", "-i", masterUrl, "-map", "0:s", "-c:s",
        "webvtt", "-f", "webvtt", out.toString());
    // FFmpeg 5.1 writes mm:ss.ttt below an hour, which is valid WebVTT; widen it for the strict reader.
    List<WebVtt.Cue> extracted = WebVtt.parse(Files.readString(out)
        .replaceAll("(?m)^(\\d{2}:\\d{2}\\.\\d{3}) --> ", "00:$1 --> ")
        .replaceAll("(?m)--> (\\d{2}:\\d{2}\\.\\d{3})(\\s|$)", "--> 00:$1$2"));
    // FFmpeg's HLS demuxer does not apply X-TIMESTAMP-MAP: with -copyts the cues keep their LOCAL
    // (stream) times, which is what this compares; the map itself is checked against the video's
    // PTS above and by the browser.
    System.out.println("subtitles: ffmpeg extracted " + extracted.size() + " cues");
    for (JsonObject cue : cues) {
      assertTrue(extracted.stream().anyMatch(c -> c.text().equals(cue.getString("text"))
          && Math.abs(c.startMs() - cue.getLong("start")) <= 100 && Math.abs(c.endMs() - cue.getLong("end")) <= 100),
          "cue " + cue + " extracted within 0.1 s: " + extracted);
    }
    // And the finals they were laid out from: each final's words are on screen during its time.
    for (JsonObject fin : finals) {
      String firstWord = fin.getString("text").strip().split("\\s+")[0];
      assertTrue(extracted.stream().anyMatch(c -> c.startMs() <= fin.getLong("start") + 100
          && c.endMs() >= fin.getLong("start") - 100 && c.text().contains(firstWord)),
          "final " + fin + " starts within 0.1 s of an extracted cue showing it: " + extracted);
    }
  }

  /** The video played, the text track got the cues at their stream times, a screenshot shows one. */
  private void checkBrowser(Path browserOut, Path hls, List<JsonObject> cues) throws Exception {
    String text = Files.readString(browserOut).strip();
    assertFalse(text.isEmpty(), () -> "no result from the browser: " + read(data.resolve("browser.log")));
    JsonObject result = new JsonObject(text.lines().reduce((a, b) -> b).orElseThrow());
    JsonObject last = result.getJsonObject("last");
    System.out.println("subtitles: browser saw " + last.getJsonArray("cues").size() + " cues, played to "
        + last.getDouble("currentTime") + " s, tracks " + last.getJsonArray("tracks") + ", errors "
        + last.getJsonArray("errors") + ", console " + result.getJsonArray("console"));
    JsonArray samples = result.getJsonArray("samples");
    double firstPlayed = samples.stream().map(s -> ((JsonObject) s).getDouble("currentTime")).filter(t -> t > 0)
        .findFirst().orElse(0.0);
    assertTrue(last.getDouble("currentTime") - firstPlayed >= 5, "the video plays: " + samples);
    assertTrue(last.getJsonArray("tracks").encode().contains("subtitles/English/en/showing"), last.encode());
    assertFalse(result.getJsonArray("console").encode().contains("Content Security Policy"),
        "the page's own policy lets hls.js work: " + result.getJsonArray("console"));
    assertNotNull(result.getJsonObject("screenshot"), "a cue showed at some point: " + samples);
    assertTrue(Files.size(SCREENSHOT) > 1000);
    assertEquals(Boolean.FALSE, result.getBoolean("overflow"), "nothing wider than a phone's screen");
    assertTrue(last.getJsonArray("events").stream().anyMatch(e -> "final".equals(((JsonObject) e).getString("type"))),
        "the page's WebSocket got finals");

    // Media time -> PTS by hls.js's initPTS; PTS -> stream time by the publisher's clock: its first
    // video frame is at stream time 0 (ffmpeg's FLV muxer starts at 0), so seg0's first video PTS is 0 ms.
    double initPts = last.getDouble("initPts");
    long zeroPts = TsTimestamps.firstPts(Files.readAllBytes(hls.resolve("seg0.ts"))).stream()
        .filter(t -> t.kind() == TsTimestamps.Kind.VIDEO).findFirst().orElseThrow().firstPts();
    JsonArray trackCues = last.getJsonArray("cues");
    assertTrue(trackCues.size() >= 2, "the text track got cues: " + trackCues);
    int matched = 0;
    long worst = 0;
    for (Object o : trackCues) {
      JsonObject cue = (JsonObject) o;
      long streamStart = Math.round((initPts + cue.getDouble("start") * 90_000 - zeroPts) / 90);
      // The clip is spoken twice, so the same text can be two cues: its twin is the nearest in time.
      JsonObject twin = cues.stream().filter(c -> c.getString("text").equals(cue.getString("text")))
          .min(java.util.Comparator.comparingLong(c -> Math.abs(c.getLong("start") - streamStart)))
          .orElseThrow(() -> new AssertionError("track cue " + cue + " is no cue of the feed: " + cues));
      assertTrue(Math.abs(streamStart - twin.getLong("start")) <= 500, "track cue " + cue + " at stream "
          + streamStart + " ms; the feed's cue " + twin);
      worst = Math.max(worst, Math.abs(streamStart - twin.getLong("start")));
      matched++;
    }
    System.out.println("subtitles: " + matched + " track cues match the feed's, worst start " + worst
        + " ms off in stream time; screenshot " + SCREENSHOT.toAbsolutePath()
        + " showing " + result.getJsonObject("screenshot").getJsonArray("active"));
  }

  private static Process publishJfkTwice(String url, Path log) throws IOException {
    return new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-re", "-stream_loop", "1",
        "-i", Fixtures.jfkWav().toString(), "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15", "-map", "0:a",
        "-map", "1:v", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-pix_fmt",
        "yuv420p", "-b:v", "300k", "-shortest", "-c:a", "aac", "-b:a", "64k", "-f", "flv", url)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  static void installBrowserDriver() throws Exception {
    PlayerCues.installBrowserDriver();
    Files.createDirectories(SCREENSHOT.getParent());
  }


  private static String tag(String playlist, String name) {
    return playlist.lines().filter(l -> l.startsWith(name)).findFirst().orElse("(none)");
  }

  private static double seconds(String extinf) {
    return Double.parseDouble(extinf.substring("#EXTINF:".length(), extinf.indexOf(',')));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "(none)";
    } catch (IOException e) {
      return e.toString();
    }
  }

  static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + out);
    return out;
  }
}
