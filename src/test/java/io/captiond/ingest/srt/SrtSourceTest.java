package io.captiond.ingest.srt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Flite;
import io.captiond.testing.TestServer;
import io.captiond.testing.WavFile;
import io.captiond.testing.WordErrorRate;
import io.vertx.core.json.JsonObject;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SRT as a source of the whole server: Debian's ffmpeg as the encoder (flite speech, a test
 * picture), real VAD and pocketsphinx, captions on the WebSocket, the HLS re-publication.
 */
class SrtSourceTest {

  private static final List<String> SENTENCES = List.of(
      "The weather is nice today.",
      "I would like a cup of coffee.",
      "Please open the door for me.");

  @TempDir
  static Path speech;
  @TempDir
  Path data;

  private static Path wav;

  @BeforeAll
  static void speak() throws Exception {
    wav = Flite.speak(SENTENCES, 900, speech.resolve("sentences.wav"));
  }

  @Test
  void speechPublishedToTheListenerWithTheKeyAsPassphraseIsCaptionedAndRepublishedAsHls() throws Exception {
    int port = freeUdpPort();
    try (TestServer server = TestServer.start(config(port))) {
      ApiClient api = server.api();
      JsonObject created = createSrt(api, null);
      String id = created.getString("id");
      String publish = created.getString("publish");
      assertEquals("srt://127.0.0.1:" + port + "?passphrase=" + created.getString("key"), publish);
      assertFalse(api.get("/api/streams/" + id).body().contains(created.getString("key")), "key stays secret");
      ApiClient.CaptionListener viewer = api.listen(id, 0);

      try (SrtFfmpeg ffmpeg = SrtFfmpeg.start(wav, "libx264", "aac", publish)) {
        api.awaitState(id, "live", Duration.ofSeconds(20));
        // the stream's meters go when it ends, a few seconds after this short clip: look while it is live
        awaitMetric(api, "captiond_srt_ingest_bytes_total{stream=\"" + id + "\"}");
        ApiClient.Response master = api.awaitOk("/hls/" + id + "/master.m3u8", Duration.ofSeconds(20));
        assertTrue(master.body().contains("avc1.") && master.body().contains("mp4a.40.2")
            && master.body().contains("RESOLUTION=320x240"), master.body());
        assertEquals(0, ffmpeg.await(60), ffmpeg::log);
      }
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(60));
      assertEquals("publisher left", ended.getString("reason"));
      String text = finals(viewer, ended);
      double wer = WordErrorRate.of(String.join(" ", SENTENCES), text);
      System.out.printf("flite over SRT (listener, H.264 + AAC): WER %.3f: %s%n", wer, text);
      assertTrue(wer <= 0.5, "WER " + wer + " for: " + text);
      assertTrue(api.get("/hls/" + id + "/index.m3u8").body().contains("#EXT-X-ENDLIST"));
      double published = WavFile.read16kMono(wav).length / 16_000.0;
      double duration = probeDuration(api.base() + "/hls/" + id + "/master.m3u8");
      System.out.printf("flite over SRT: HLS duration %.2f s for %.2f s published%n", duration, published);
      assertTrue(Math.abs(duration - published) <= 2.0, "HLS duration " + duration + " s for " + published);
    }
  }

  @Test
  void aPublisherWithAWrongPassphraseIsRefused() throws Exception {
    int port = freeUdpPort();
    try (TestServer server = TestServer.start(config(port))) {
      ApiClient api = server.api();
      JsonObject created = createSrt(api, null);
      String id = created.getString("id");
      for (String wrong : List.of("srt://127.0.0.1:" + port + "?passphrase=not-the-stream-key",
          "srt://127.0.0.1:" + port)) {
        try (SrtFfmpeg ffmpeg = SrtFfmpeg.start(wav, "libx264", "aac", wrong)) {
          int exit = ffmpeg.await(30);
          assertNotEquals(0, exit, "ffmpeg to " + wrong + ": " + ffmpeg.log());
          assertTrue(ffmpeg.log().contains("failed"), ffmpeg.log());
          System.out.println("publishing to " + wrong + ", ffmpeg says: " + ffmpeg.log().strip());
        }
      }
      JsonObject stream = api.get("/api/streams/" + id).json();
      assertEquals("waiting", stream.getString("state"), stream.encode());
      assertEquals(0L, stream.getJsonObject("stats").getLong("captions"), stream.encode());
      try (SrtFfmpeg rightful = SrtFfmpeg.start(wav, 0, 3, "libx264", "aac", created.getString("publish"))) {
        api.awaitState(id, "live", Duration.ofSeconds(20));
        assertEquals(0, rightful.await(30), rightful::log);
      }
    }
  }

  @Test
  void aPublisherThatDropsAndComesBackWithinTheGraceContinuesTheStreamInAc3() throws Exception {
    int port = freeUdpPort();
    try (TestServer server = TestServer.start(config(port))) {
      ApiClient api = server.api();
      JsonObject created = createSrt(api, null);
      String id = created.getString("id");
      ApiClient.CaptionListener viewer = api.listen(id, 0);
      double split = 5.5; // between the second sentence's words and the third's
      try (SrtFfmpeg first = SrtFfmpeg.start(wav, 0, split, "libx264", "ac3", created.getString("publish"))) {
        api.awaitState(id, "live", Duration.ofSeconds(20));
        assertEquals(0, first.await(60), first::log);
      }
      try (SrtFfmpeg second = SrtFfmpeg.start(wav, split, 0, "libx264", "ac3", created.getString("publish"))) {
        assertNotEquals("ended", api.get("/api/streams/" + id).json().getString("state"));
        awaitMetric(api, "captiond_srt_reconnects_total{stream=\"" + id + "\"} 1.0");
        assertEquals(0, second.await(60), second::log);
      }
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(60));
      assertEquals("publisher left", ended.getString("reason"));
      List<JsonObject> finals = viewer.awaitFinals(
          (int) ended.getJsonObject("stats").getLong("captions").longValue(), Duration.ofSeconds(5));
      viewer.close();
      String text = finals.stream().map(f -> f.getString("text")).collect(Collectors.joining(" "));
      double wer = WordErrorRate.of(String.join(" ", SENTENCES), text);
      System.out.printf("flite over SRT in two connections (AC-3): WER %.3f, finals %s%n", wer, finals);
      assertTrue(wer <= 0.5, "WER " + wer + " for: " + text);
      long previousEnd = 0;
      for (JsonObject cue : finals) {
        assertTrue(cue.getLong("start") >= previousEnd, "stream time goes on across the reconnect: " + finals);
        previousEnd = cue.getLong("end");
      }
    }
  }

  @Test
  void aPublisherWithoutAudioFailsTheStreamAndSaysWhy() throws Exception {
    int port = freeUdpPort();
    try (TestServer server = TestServer.start(config(port))) {
      ApiClient api = server.api();
      JsonObject created = createSrt(api, null);
      Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-re",
          "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15", "-t", "8", "-c:v", "libx264", "-preset", "ultrafast",
          "-f", "mpegts", created.getString("publish")).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try {
        JsonObject failed = api.awaitState(created.getString("id"), "failed", Duration.ofSeconds(30));
        assertTrue(failed.getString("reason").contains("no audio track"), failed.encode());
      } finally {
        ffmpeg.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  void aDeletedListeningStreamGivesItsPortBack() throws Exception {
    int port = freeUdpPort();
    try (TestServer server = TestServer.start(config(port))) {
      ApiClient api = server.api();
      JsonObject first = createSrt(api, null);
      assertEquals(204, api.delete("/api/streams/" + first.getString("id")).status());
      JsonObject second = createSrt(api, null);
      assertTrue(second.getString("publish").startsWith("srt://127.0.0.1:" + port + "?"), second.encode());
      JsonObject third = createSrt(api, null);
      JsonObject failed = api.awaitState(third.getString("id"), "failed", Duration.ofSeconds(10));
      assertTrue(failed.getString("reason").contains(SrtSettings.PORT_RANGE), failed.encode());
    }
  }

  @Test
  void captiondCallsAnEncodersListenerAndCaptionsItsHevcAndMp2() throws Exception {
    int port = freeUdpPort();
    try (TestServer server = TestServer.start(config(freeUdpPort()));
        SrtFfmpeg ffmpeg = SrtFfmpeg.start(wav, "libx265", "mp2", "srt://127.0.0.1:" + port + "?mode=listener")) {
      ApiClient api = server.api();
      JsonObject created = createSrt(api, "srt://127.0.0.1:" + port);
      String id = created.getString("id");
      assertFalse(created.containsKey("publish"), created.encode());
      ApiClient.CaptionListener viewer = api.listen(id, 0);
      api.awaitState(id, "live", Duration.ofSeconds(20));
      assertEquals(0, ffmpeg.await(60), ffmpeg::log);
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(60));
      String text = finals(viewer, ended);
      double wer = WordErrorRate.of(String.join(" ", SENTENCES), text);
      System.out.printf("flite over SRT (caller, HEVC + MP2): WER %.3f: %s%n", wer, text);
      assertTrue(wer <= 0.5, "WER " + wer + " for: " + text);
    }
  }

  private io.captiond.app.Config config(int port) {
    return TestServer.config(data, Map.of("srt.port_range", port + "-" + port, "srt.host", "127.0.0.1",
        "rtmp.reconnect_grace_ms", 1500,
        "metrics.per_stream_labels", true,
        "pull.allowed_hosts", java.util.List.of("127.0.0.1"))); // the caller test dials an encoder here
  }

  private static JsonObject createSrt(ApiClient api, String url) throws Exception {
    JsonObject source = new JsonObject().put("type", "srt");
    if (url != null) {
      source.put("url", url);
    }
    ApiClient.Response response = api.post("/api/streams", new JsonObject().put("name", "srt")
        .put("source", source).put("language", "en"));
    assertEquals(201, response.status(), response.body());
    return response.json();
  }

  private static String finals(ApiClient.CaptionListener viewer, JsonObject ended) throws InterruptedException {
    List<JsonObject> finals = viewer.awaitFinals((int) ended.getJsonObject("stats").getLong("captions").longValue(),
        Duration.ofSeconds(5));
    viewer.close();
    return finals.stream().map(f -> f.getString("text")).collect(Collectors.joining(" "));
  }

  private static void awaitMetric(ApiClient api, String line) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    String metrics = "";
    while (System.nanoTime() < deadline) {
      metrics = api.get("/metrics").body();
      if (metrics.contains(line)) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no " + line + " in " + metrics);
  }

  private static double probeDuration(String url) throws Exception {
    Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration",
        "-of", "default=noprint_wrappers=1:nokey=1", url).redirectErrorStream(true).start();
    String out = new String(probe.getInputStream().readAllBytes()).strip();
    assertTrue(probe.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(0, probe.exitValue(), "ffprobe: " + out);
    return Double.parseDouble(out.lines().reduce((a, b) -> b).orElseThrow());
  }

  private static int freeUdpPort() throws Exception {
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
