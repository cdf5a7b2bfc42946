package io.captiond.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Apertium;
import io.captiond.testing.Flite;
import io.captiond.testing.PlayerCues;
import io.captiond.testing.TestServer;
import io.captiond.testing.WebVtt;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spanish track on every output of a live RTMP stream, end to end, with a real APy: Debian's ffmpeg publishes
 * flite speech and a test picture; the Spanish events on {@code ?lang=es} are {@code apertium eng-spa}'s
 * translations of the English units; the master lists the English and Spanish renditions (English the
 * default); the Spanish rendition has the source rendition's segments and timestamp maps; ffmpeg extracts the
 * Spanish WebVTT with cue times on the units' source spans; hls.js in Chromium switches to Spanish with the
 * page's picker and shows its cues.
 */
class TranslatedHlsEndToEndTest {

  private static final Path BROWSER_DIR = Path.of("src", "test", "browser");

  @TempDir
  Path data;

  @Test
  void aSpanishTrackReachesTheFeedTheFilesTheHlsMasterFfmpegAndTheBrowser() throws Exception {
    PlayerCues.installBrowserDriver();
    Path wav = Flite.speak(TranslatedCaptionsEndToEndTest.SENTENCES, 1_200, data.resolve("sentences.wav"));
    try (Apertium apertium = Apertium.start(data.resolve("apy.log"));
        TestServer server = TestServer.start(TestServer.config(data.resolve("server"), Map.of(
            "translate.apertium_url", apertium.url(), "rtmp.reconnect_grace_ms", 1000,
            "hls_out.window_segments", 30, "hls_out.subtitle_holdback_ms", 20000)))) {
      ApiClient api = server.api();
      ApiClient.Response created = api.post("/api/streams", new JsonObject().put("name", "translated")
          .put("language", "en").put("source", new JsonObject().put("type", "rtmp"))
          .put("translations", new JsonArray().add("es")));
      // A generous hold-back: on a loaded machine the captions may take seconds, and a segment published
      // without its cues (the hold-back spent) is never fetched again by a player.
      assertEquals(201, created.status(), created.body());
      String id = created.json().getString("id");
      ApiClient.CaptionListener source = api.listen(id, 0);
      ApiClient.CaptionListener spanish = api.listen(id, 0, "es");
      Path browserOut = data.resolve("browser.json");
      Process browser = new ProcessBuilder("node", "check-translation.mjs", api.base() + "/player/" + id, "es", "120")
          .directory(BROWSER_DIR.toFile()).redirectOutput(browserOut.toFile())
          .redirectError(ProcessBuilder.Redirect.appendTo(data.resolve("browser.log").toFile())).start();
      Process publisher = publish(wav, created.json().getString("publish"), data.resolve("publisher.log"));
      String master;
      try {
        api.awaitState(id, "live", Duration.ofSeconds(30));
        master = api.awaitOk("/hls/" + id + "/master.m3u8", Duration.ofSeconds(30)).body();
        assertTrue(publisher.waitFor(90, TimeUnit.SECONDS), "the publisher finishes");
        api.awaitState(id, "ended", Duration.ofSeconds(90));
        assertTrue(browser.waitFor(120, TimeUnit.SECONDS), "the browser check finishes");
      } finally {
        publisher.destroyForcibly();
        browser.destroyForcibly();
      }
      System.out.println("translated hls: master\n" + master);
      assertTrue(master.contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"English\",LANGUAGE=\"en\","
          + "DEFAULT=YES,AUTOSELECT=YES,URI=\"subs.m3u8\""), master);
      assertTrue(master.contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"Spanish\",LANGUAGE=\"es\","
          + "DEFAULT=NO,AUTOSELECT=YES,URI=\"es/subs.m3u8\""), master);
      assertEquals(1, master.split("DEFAULT=YES", -1).length - 1, "only the source is the default: " + master);

      List<JsonObject> finals = source.finals();
      List<JsonObject> translated = TranslatedCaptionsEndToEndTest.awaitCovering(spanish, finals, Duration.ofSeconds(20));
      List<JsonObject> spanishCues = spanish.cues();
      source.close();
      spanish.close();
      System.out.println("translated hls: Spanish units " + translated.stream().map(t -> t.getLong("start") + "-"
          + t.getLong("end") + " " + t.getString("text")).collect(Collectors.joining(" | ")));
      TranslatedCaptionsEndToEndTest.checkEachUnit(finals, translated, "eng-spa");

      checkSameSegments(api, id);
      checkFfmpegExtractsTheSpanishTrack(api.base() + "/hls/" + id + "/master.m3u8", translated, spanishCues);
      checkBrowser(browserOut, spanishCues);
    }
  }

  private static Process publish(Path wav, String url, Path log) throws Exception {
    return new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-re", "-i",
        wav.toString(), "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15", "-map", "0:a", "-map", "1:v",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-pix_fmt", "yuv420p",
        "-b:v", "300k", "-shortest", "-c:a", "aac", "-b:a", "64k", "-f", "flv", url)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The Spanish rendition lists the source rendition's segments: same sequence, durations and timestamp maps. */
  private static void checkSameSegments(ApiClient api, String id) throws Exception {
    String subs = api.get("/hls/" + id + "/subs.m3u8").body();
    ApiClient.Response es = api.get("/hls/" + id + "/es/subs.m3u8");
    assertEquals(200, es.status(), es.body());
    assertEquals(subs, es.body(), "the same segments, sequence numbers and durations");
    for (String segment : subs.lines().filter(l -> l.endsWith(".vtt")).toList()) {
      String english = api.get("/hls/" + id + "/" + segment).body();
      ApiClient.Response translatedSegment = api.get("/hls/" + id + "/es/" + segment);
      assertEquals(200, translatedSegment.status(), segment);
      assertEquals(english.lines().skip(1).findFirst(), translatedSegment.body().lines().skip(1).findFirst(),
          "the same X-TIMESTAMP-MAP in " + segment);
    }
    assertEquals(404, api.get("/hls/" + id + "/de/subs.m3u8").status());
    assertEquals(404, api.get("/hls/" + id + "/es/..%2Fseg0.ts").status());
  }

  /** ffmpeg reads the master and extracts the Spanish subtitles: the feed's Spanish cues, on the units' spans. */
  private void checkFfmpegExtractsTheSpanishTrack(String masterUrl, List<JsonObject> units, List<JsonObject> cues)
      throws Exception {
    String streams = run("ffprobe", "-v", "error", "-strict", "experimental", "-show_entries",
        "stream=index,codec_type:stream_tags=language", "-of", "csv=p=0", masterUrl);
    System.out.println("translated hls: ffprobe " + streams.lines().collect(Collectors.joining("; ")));
    Path out = data.resolve("spanish.vtt");
    run("ffmpeg", "-hide_banner", "-loglevel", "error", "-strict", "experimental", "-copyts", "-i", masterUrl,
        "-map", "0:s:m:language:es", "-c:s", "webvtt", "-f", "webvtt", out.toString());
    List<WebVtt.Cue> extracted = WebVtt.parse(Files.readString(out)
        .replaceAll("(?m)^(\\d{2}:\\d{2}\\.\\d{3}) --> ", "00:$1 --> ")
        .replaceAll("(?m)--> (\\d{2}:\\d{2}\\.\\d{3})(\\s|$)", "--> 00:$1$2"));
    System.out.println("translated hls: ffmpeg extracted " + extracted.size() + " Spanish cues: " + extracted);
    for (JsonObject cue : cues) {
      assertTrue(extracted.stream().anyMatch(c -> c.text().equals(cue.getString("text"))
          && Math.abs(c.startMs() - cue.getLong("start")) <= 100 && Math.abs(c.endMs() - cue.getLong("end")) <= 100),
          "Spanish cue " + cue + " extracted within 0.1 s: " + extracted);
    }
    for (JsonObject unit : units) {
      String[] words = unit.getString("text").strip().split("\\s+");
      long start = unit.getLong("start");
      long end = unit.getLong("end");
      assertTrue(extracted.stream().anyMatch(c -> c.startMs() <= start + 100 && c.endMs() >= start - 100
          && c.text().contains(words[0])), "unit " + unit + " shows from its source start, within 0.1 s: " + extracted);
      assertTrue(extracted.stream().anyMatch(c -> c.startMs() <= end + 100 && c.endMs() >= end - 100
          && c.text().contains(words[words.length - 1])), "unit " + unit + " shows to its source end: " + extracted);
    }
  }

  /** hls.js switched to the Spanish track with the picker and showed its cues; no English tentative text meanwhile. */
  private static void checkBrowser(Path browserOut, List<JsonObject> spanishCues) throws Exception {
    String text = Files.readString(browserOut).strip();
    assertFalse(text.isEmpty(), "no result from the browser");
    JsonObject result = new JsonObject(text.lines().reduce((a, b) -> b).orElseThrow());
    JsonObject last = result.getJsonObject("last");
    System.out.println("translated hls: browser tracks " + result.getJsonArray("hlsTracks") + ", showing "
        + last.getJsonArray("tracks") + ", " + last.getJsonArray("cues").size() + " Spanish cues, active "
        + result.getJsonArray("active") + ", console " + result.getJsonArray("console") + ", errors "
        + last.getJsonArray("errors") + ", requests " + result.getJsonArray("requests"));
    assertTrue(result.getBoolean("chosen"), "the picker offered Spanish: " + result.encode());
    assertTrue(last.getBoolean("pickerVisible"));
    assertEquals("showing", last.getString("chosenMode"), last.encode());
    assertFalse(last.getJsonArray("cues").isEmpty(), "the Spanish text track got cues: " + last.encode());
    for (Object o : last.getJsonArray("cues")) {
      String cue = ((JsonObject) o).getString("text");
      assertTrue(spanishCues.stream().anyMatch(c -> c.getString("text").equals(cue)), "a Spanish cue of the feed: " + cue);
    }
    assertFalse(result.getJsonArray("active").isEmpty(), "a Spanish cue showed while the video played");
    assertTrue(result.getJsonArray("tentativeWhileChosen").isEmpty(), "tentative text is the source's only");
  }

  static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + out);
    return out;
  }
}
