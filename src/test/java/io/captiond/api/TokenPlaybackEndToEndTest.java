package io.captiond.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
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
 * A token-protected stream, end to end with real players: Debian's ffmpeg publishes the JFK clip with a test
 * picture over RTMP; headless Chromium plays {@code /player/<id>?token=<viewer token>} with hls.js, subtitles
 * on; afterwards ffprobe and ffmpeg read {@code master.m3u8?token=...} and every playlist and segment it leads
 * to, which the server gave the token on. Without the token every one of those is refused.
 */
class TokenPlaybackEndToEndTest {

  private static final Path BROWSER_DIR = Path.of("src", "test", "browser");
  private static final Path SCREENSHOT = Path.of("target", "token-player-screenshot.png");

  @TempDir
  Path data;

  @Test
  void hlsJsAndFfmpegPlayATokenProtectedStreamWithItsSubtitles() throws Exception {
    PlayerCues.installBrowserDriver();
    Files.createDirectories(SCREENSHOT.getParent());
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of("rtmp.reconnect_grace_ms", 1000,
        "hls_out.window_segments", 30, "viewers.default", "token",
        // the video waits for its captions however late they come (on a loaded machine, tens of seconds): a
        // subtitle segment published before its captions were confirmed would reach hls.js empty
        "hls_out.subtitle_holdback_ms", 60_000)))) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("private talk");
      String id = created.getString("id");
      assertEquals("token", created.getString("viewers"));
      String token = ViewerAccessTest.mint(api, id, new JsonObject().put("expiresIn", 900)).getString("token");
      String query = "?token=" + token;
      FeedSocket feed = FeedSocket.open(api.base(), id, "token=" + token, Map.of());
      Path browserOut = data.resolve("browser.json");
      Process browser = new ProcessBuilder("node", "check-player.mjs", api.base() + "/player/" + id + query,
          SCREENSHOT.toAbsolutePath().toString(), "150").directory(BROWSER_DIR.toFile())
          .redirectOutput(browserOut.toFile()).redirectError(data.resolve("browser.log").toFile()).start();
      Process publisher = publishJfk(created.getString("publish"), data.resolve("publisher.log"));
      try {
        api.awaitState(id, "live", Duration.ofSeconds(20));
        api.awaitOk("/hls/" + id + "/master.m3u8" + query, Duration.ofSeconds(120)); // after its first subtitles
        assertEquals(401, api.getWithToken("/hls/" + id + "/master.m3u8", null).status());
        assertTrue(publisher.waitFor(60, TimeUnit.SECONDS), "the publisher finishes");
        api.awaitState(id, "ended", Duration.ofSeconds(150)); // a loaded machine: captions lag
        assertTrue(browser.waitFor(150, TimeUnit.SECONDS), "the browser check finishes");
      } finally {
        publisher.destroyForcibly();
        browser.destroyForcibly();
      }
      assertEquals("1001 stream ended", feed.awaitClose(Duration.ofSeconds(10)), "viewers are told it ended");
      List<JsonObject> cues = feed.events().stream().filter(e -> "cue".equals(e.getString("type"))).toList();
      assertFalse(cues.isEmpty(), "the feed carried cues: " + feed.events());

      checkPlaylistsCarryTheToken(api, id, token);
      checkFfmpegReadsItWithTheToken(api.base() + "/hls/" + id + "/master.m3u8" + query, cues);
      checkBrowserPlayedWithSubtitles(browserOut, cues);

      assertEquals(204, api.delete("/api/streams/" + id + "/viewer-tokens").status());
      assertEquals(401, api.getWithToken("/hls/" + id + "/master.m3u8" + query, null).status(), "revoked");
    }
  }

  /** Every URI of every playlist served with the token carries it; none of them opens without it. */
  private static void checkPlaylistsCarryTheToken(ApiClient api, String id, String token) throws Exception {
    String query = "?token=" + token;
    String master = api.getWithToken("/hls/" + id + "/master.m3u8" + query, null).body();
    assertTrue(master.contains("URI=\"subs.m3u8" + query + "\""), master);
    assertTrue(master.contains("\nindex.m3u8" + query + "\n"), master);
    for (String playlist : List.of("index.m3u8", "subs.m3u8")) {
      ApiClient.Response served = api.getWithToken("/hls/" + id + "/" + playlist + query, null);
      assertEquals(200, served.status(), served.body());
      List<String> uris = served.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
      assertFalse(uris.isEmpty(), served.body());
      for (String uri : uris) {
        assertTrue(uri.endsWith(query), playlist + " lists " + uri);
        assertEquals(200, api.getWithToken("/hls/" + id + "/" + uri, null).status(), uri);
        String bare = uri.substring(0, uri.indexOf('?'));
        assertEquals(401, api.getWithToken("/hls/" + id + "/" + bare, null).status(), bare + " without the token");
      }
    }
  }

  /** ffprobe sees video, audio and the subtitles; ffmpeg extracts the cues the feed carried. */
  private void checkFfmpegReadsItWithTheToken(String masterUrl, List<JsonObject> cues) throws Exception {
    String streams = run("ffprobe", "-v", "error", "-strict", "experimental", "-show_entries",
        "stream=codec_type,codec_name", "-of", "csv=p=0", masterUrl);
    System.out.println("token playback: ffprobe: " + streams.lines().collect(Collectors.joining("; ")));
    assertTrue(streams.contains("h264") && streams.contains("aac") && streams.contains("webvtt"), streams);
    Path out = data.resolve("extracted.vtt");
    run("ffmpeg", "-hide_banner", "-loglevel", "error", "-strict", "experimental", "-copyts", "-i", masterUrl,
        "-map", "0:s", "-c:s", "webvtt", "-f", "webvtt", out.toString());
    List<WebVtt.Cue> extracted = WebVtt.parse(Files.readString(out)
        .replaceAll("(?m)^(\\d{2}:\\d{2}\\.\\d{3}) --> ", "00:$1 --> ")
        .replaceAll("(?m)--> (\\d{2}:\\d{2}\\.\\d{3})(\\s|$)", "--> 00:$1$2"));
    System.out.println("token playback: ffmpeg extracted " + extracted.size() + " cues of " + cues.size());
    for (JsonObject cue : cues) {
      assertTrue(extracted.stream().anyMatch(c -> c.text().equals(cue.getString("text"))),
          "cue " + cue + " extracted: " + extracted);
    }
  }

  /** hls.js played the video on the page opened with the token, and its text track got the feed's cues. */
  private void checkBrowserPlayedWithSubtitles(Path browserOut, List<JsonObject> cues) throws Exception {
    String text = Files.readString(browserOut).strip();
    assertFalse(text.isEmpty(), "no result from the browser: " + Files.readString(data.resolve("browser.log")));
    JsonObject result = new JsonObject(text.lines().reduce((a, b) -> b).orElseThrow());
    JsonObject last = result.getJsonObject("last");
    JsonArray trackCues = last.getJsonArray("cues");
    System.out.println("token playback: browser played to " + last.getDouble("currentTime") + " s, "
        + trackCues.size() + " track cues, tracks " + last.getJsonArray("tracks") + ", errors "
        + last.getJsonArray("errors") + ", console " + result.getJsonArray("console"));
    JsonArray samples = result.getJsonArray("samples");
    double firstPlayed = samples.stream().map(s -> ((JsonObject) s).getDouble("currentTime")).filter(t -> t > 0)
        .findFirst().orElse(0.0);
    assertTrue(last.getDouble("currentTime") - firstPlayed >= 3, "the video plays: " + samples);
    assertTrue(last.getJsonArray("tracks").encode().contains("subtitles/English/en/showing"), last.encode());
    assertFalse(trackCues.isEmpty(), "the subtitle track got cues: " + last.encode());
    for (Object o : trackCues) {
      String cueText = ((JsonObject) o).getString("text");
      assertTrue(cues.stream().anyMatch(c -> c.getString("text").equals(cueText)), cueText + " is a feed cue");
    }
    assertTrue(last.getJsonArray("events").stream().anyMatch(e -> "final".equals(((JsonObject) e).getString("type"))),
        "the page's WebSocket, opened with the token, got finals");
  }

  private static Process publishJfk(String url, Path log) throws Exception {
    return new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-re",
        "-i", Fixtures.jfkWav().toString(), "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15", "-map", "0:a",
        "-map", "1:v", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-pix_fmt",
        "yuv420p", "-b:v", "300k", "-shortest", "-c:a", "aac", "-b:a", "64k", "-f", "flv", url)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + out);
    return out;
  }
}
