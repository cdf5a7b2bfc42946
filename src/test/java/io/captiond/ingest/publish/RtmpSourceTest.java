package io.captiond.ingest.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.Publisher;
import io.captiond.testing.TestServer;
import io.captiond.testing.WordErrorRate;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RTMP as a source of the whole server: real ffmpeg publishers, real VAD and pocketsphinx, captions
 * on the WebSocket, the HLS re-publication read by ffprobe.
 */
class RtmpSourceTest {

  private static final double JFK_SECONDS = 11.0;

  @TempDir
  Path data;

  @Test
  void publishedSpeechIsCaptionedAndRepublishedAsHls() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data,
        Map.of("rtmp.reconnect_grace_ms", 1500)))) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("jfk live");
      String id = created.getString("id");
      String publish = created.getString("publish");
      assertEquals("rtmp://127.0.0.1:" + server.rtmpPort() + "/live/" + created.getString("key"), publish);
      assertEquals("waiting", created.getString("state"));
      assertFalse(api.get("/api/streams/" + id).body().contains(created.getString("key")), "key stays secret");
      ApiClient.CaptionListener viewer = api.listen(id, 0);

      long began = System.nanoTime();
      try (Publisher ffmpeg = Publisher.start(Fixtures.jfkWav(), 0, 0, true, publish)) {
        api.awaitState(id, "live", Duration.ofSeconds(15));
        ApiClient.Response master = api.awaitOk("/hls/" + id + "/master.m3u8", Duration.ofSeconds(15));
        assertTrue(master.headers().firstValue("Content-Type").orElse("").startsWith("application/vnd.apple.mpegurl"));
        assertEquals("no-cache", master.headers().firstValue("Cache-Control").orElse(""));
        assertEquals("*", master.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertTrue(master.body().contains("CODECS=\"") && master.body().contains("mp4a.40.2")
            && master.body().contains("avc1.") && master.body().contains("RESOLUTION=320x240")
            && master.body().contains("BANDWIDTH=") && master.body().contains("index.m3u8"), master.body());
        assertEquals(0, ffmpeg.await(60), ffmpeg::log);
      }
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(60));
      System.out.printf("jfk over RTMP: ended %.1f s after the publish began: %s%n",
          (System.nanoTime() - began) / 1e9, ended.encode());
      assertEquals("publisher left", ended.getString("reason"));
      List<JsonObject> finals = viewer.awaitFinals(
          (int) ended.getJsonObject("stats").getLong("captions").longValue(), Duration.ofSeconds(5));
      viewer.close();
      String text = finals.stream().map(f -> f.getString("text")).collect(Collectors.joining(" "));
      double wer = WordErrorRate.of(Fixtures.jfkReference(), text);
      System.out.printf("jfk over RTMP: WER %.3f, %d finals: %s%n", wer, finals.size(), text);
      assertTrue(wer <= 0.7, "WER " + wer + " for: " + text);
      for (JsonObject cue : finals) {
        assertTrue(cue.getLong("end") <= JFK_SECONDS * 1000 + 500, "cue inside the clip: " + cue);
      }

      ApiClient.Response index = api.get("/hls/" + id + "/index.m3u8");
      assertEquals(200, index.status());
      assertTrue(index.body().contains("#EXT-X-ENDLIST"), index.body());
      String segment = index.body().lines().filter(l -> l.endsWith(".ts")).findFirst().orElseThrow();
      ApiClient.Response ts = api.get("/hls/" + id + "/" + segment);
      assertEquals(200, ts.status());
      assertEquals("video/mp2t", ts.headers().firstValue("Content-Type").orElse(""));
      double duration = probeDuration(api.base() + "/hls/" + id + "/master.m3u8");
      System.out.printf("jfk over RTMP: HLS duration %.2f s for %.1f s published%n", duration, JFK_SECONDS);
      assertTrue(Math.abs(duration - JFK_SECONDS) <= 2.0, "HLS duration " + duration + " s");

      assertEquals(404, api.get("/hls/" + id + "/..%2Fstream.json").status());
      assertEquals(404, api.get("/hls/" + id + "/seg1.ts.tmp").status());
      assertEquals(404, api.get("/hls/nosuchstream/master.m3u8").status());
    }
  }

  @Test
  void withAudioDecodeOffTheSourceIsOnlyRepublishedAsHls() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data,
        Map.of("rtmp.reconnect_grace_ms", 1500, "rtmp.decode_audio", false)))) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("relay only");
      String id = created.getString("id");
      try (Publisher ffmpeg = Publisher.start(Fixtures.jfkWav(), 0, 0, true, created.getString("publish"))) {
        api.awaitOk("/hls/" + id + "/master.m3u8", Duration.ofSeconds(15));
        assertEquals("waiting", api.get("/api/streams/" + id).json().getString("state"), "no audio reaches the session");
        assertEquals(0, ffmpeg.await(60), ffmpeg::log);
      }
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(30));
      assertEquals("publisher left", ended.getString("reason"));
      assertEquals(0.0, ended.getJsonObject("stats").getDouble("audioSeconds"));
      assertTrue(api.get("/hls/" + id + "/index.m3u8").body().contains("#EXT-X-ENDLIST"));
      double duration = probeDuration(api.base() + "/hls/" + id + "/master.m3u8");
      assertTrue(Math.abs(duration - JFK_SECONDS) <= 2.0, "HLS duration " + duration + " s");
    }
  }

  @Test
  void aWrongKeyAnotherApplicationOrAudioThatCannotBeCaptionedIsRejected() throws Exception {
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("wrong key");
      String base = "rtmp://127.0.0.1:" + server.rtmpPort();
      try (Publisher wrongKey = Publisher.start(Fixtures.jfkWav(), 0, 2, false, base + "/live/nosuchkey");
          Publisher wrongApp = Publisher.start(Fixtures.jfkWav(), 0, 2, false,
              base + "/other/" + created.getString("key"))) {
        int keyExit = wrongKey.await(30);
        int appExit = wrongApp.await(30);
        assertNotEquals(0, keyExit, wrongKey::log);
        assertNotEquals(-1, keyExit, "ffmpeg should give up, not hang");
        assertTrue(wrongKey.log().contains("unknown stream key"), wrongKey::log);
        assertNotEquals(0, appExit, wrongApp::log);
        assertTrue(wrongApp.log().contains("unknown application"), wrongApp::log);
      }
      assertEquals("waiting", api.get("/api/streams/" + created.getString("id")).json().getString("state"));

      try (Publisher mp3 = Publisher.startWithAudioCodec(Fixtures.jfkWav(), "libmp3lame", created.getString("publish"))) {
        assertNotEquals(0, mp3.await(30), mp3::log);
      }
      ApiClient.Response withUrl = api.post("/api/streams", new JsonObject().put("name", "x")
          .put("source", new JsonObject().put("type", "rtmp").put("url", "rtmp://elsewhere/live/x")));
      assertEquals(400, withUrl.status());
      assertTrue(withUrl.body().contains("source.url"), withUrl.body());
    }
  }

  @Test
  void aSecondPublisherIsRefusedAndAPublisherThatDropsAndReturnsContinuesTheStream() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data,
        Map.of("rtmp.reconnect_grace_ms", 4000)))) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("reconnect");
      String id = created.getString("id");
      String publish = created.getString("publish");
      ApiClient.CaptionListener viewer = api.listen(id, 0);

      double cutSeconds = 6.0;
      try (Publisher first = Publisher.start(Fixtures.jfkWav(), 0, 0, true, publish)) {
        api.awaitState(id, "live", Duration.ofSeconds(15));
        long liveAt = System.nanoTime();
        try (Publisher second = Publisher.start(Fixtures.jfkWav(), 0, 3, false, publish)) {
          int exit = second.await(30);
          assertNotEquals(0, exit, second::log);
          assertTrue(second.log().contains("already has a live publisher"), second::log);
        }
        assertTrue(first.alive(), "the first publisher keeps going: " + first.log());
        long sleepMs = (long) (cutSeconds * 1000) - (System.nanoTime() - liveAt) / 1_000_000;
        Thread.sleep(Math.max(0, sleepMs));
        first.kill();
      }
      int finalsBeforeDrop = viewer.finals().size();
      Thread.sleep(1000);
      assertEquals("live", api.get("/api/streams/" + id).json().getString("state"),
          "the stream stays live while its publisher may come back");
      try (Publisher again = Publisher.start(Fixtures.jfkWav(), cutSeconds, 0, true, publish)) {
        assertEquals(0, again.await(60), again::log);
      }
      // Per-stream meters go when the stream ends: read them within the grace period.
      String metrics = api.get("/metrics").body();
      assertTrue(metrics.contains("captiond_rtmp_reconnects_total{stream=\"" + id + "\"} 1.0"),
          () -> metrics.lines().filter(l -> l.startsWith("captiond_rtmp")).collect(Collectors.joining("\n")));
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(60));
      assertEquals("publisher left", ended.getString("reason"));
      List<JsonObject> finals = viewer.awaitFinals(
          (int) ended.getJsonObject("stats").getLong("captions").longValue(), Duration.ofSeconds(5));
      viewer.close();
      String text = finals.stream().map(f -> f.getString("text")).collect(Collectors.joining(" | "));
      System.out.printf("jfk over RTMP with a drop at %.1f s: %d finals before the drop, %d in all: %s; stats %s%n",
          cutSeconds, finalsBeforeDrop, finals.size(), text, ended.getJsonObject("stats").encode());

      long previousSeq = 0;
      long previousEnd = -1;
      Set<String> seen = new HashSet<>();
      for (JsonObject event : viewer.events()) {
        assertTrue(event.getLong("seq") > previousSeq, "seq strictly increasing: " + viewer.events());
        previousSeq = event.getLong("seq");
      }
      for (JsonObject cue : finals) {
        assertTrue(seen.add(cue.getLong("start") + ":" + cue.getString("text")), "duplicate final " + cue);
        assertTrue(cue.getLong("start") >= previousEnd, "finals move forward in stream time: " + finals);
        previousEnd = cue.getLong("end");
      }
      assertTrue(previousEnd > cutSeconds * 1000 + 1000,
          "captions continue past the drop in stream time: " + finals);
      // One remuxer across the drop: the HLS numbering goes on from 0, with no discontinuity and no new playlist.
      String index = api.get("/hls/" + id + "/index.m3u8").body();
      List<String> segmentNames = index.lines().filter(line -> line.endsWith(".ts")).toList();
      assertEquals("#EXT-X-MEDIA-SEQUENCE:0", index.lines().filter(l -> l.startsWith("#EXT-X-MEDIA-SEQUENCE"))
          .findFirst().orElse(""), index);
      for (int n = 0; n < segmentNames.size(); n++) {
        assertEquals("seg" + n + ".ts", segmentNames.get(n), index);
      }
      assertTrue(segmentNames.size() >= 5 && !index.contains("#EXT-X-DISCONTINUITY"), index);
      double audio = ended.getJsonObject("stats").getDouble("audioSeconds");
      assertTrue(audio > JFK_SECONDS - 1.5 && audio < JFK_SECONDS + 1.5,
          "one stream of about the clip's length: " + audio + " s");
      double duration = probeDuration(api.base() + "/hls/" + id + "/master.m3u8");
      System.out.printf("jfk over RTMP with a drop: HLS duration %.2f s%n", duration);
      assertTrue(Math.abs(duration - audio) <= 2.0, "HLS duration " + duration + " s for " + audio + " s of audio");
    }
  }

  @Test
  void withTakeoverAllowedANewPublisherReplacesTheLiveOneAndDeletingTheStreamDisconnectsIt() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data,
        Map.of("rtmp.allow_takeover", true, "rtmp.reconnect_grace_ms", 1000)))) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("takeover");
      String id = created.getString("id");
      String publish = created.getString("publish");
      try (Publisher first = Publisher.start(Fixtures.jfkWav(), 0, 0, true, publish)) {
        api.awaitState(id, "live", Duration.ofSeconds(15));
        Thread.sleep(1500);
        try (Publisher second = Publisher.start(Fixtures.jfkWav(), 2, 0, true, publish)) {
          int firstExit = first.await(20);
          assertNotEquals(-1, firstExit, "the replaced publisher is disconnected");
          assertNotEquals(0, firstExit, first::log);
          assertTrue(second.alive(), second::log);
          Thread.sleep(1500);
          assertEquals("live", api.get("/api/streams/" + id).json().getString("state"));
          String metrics = api.get("/metrics").body();
          assertTrue(metrics.contains("captiond_rtmp_reconnects_total{stream=\"" + id + "\"} 1.0"), metrics);
          assertEquals(204, api.delete("/api/streams/" + id).status());
          int secondExit = second.await(20);
          assertNotEquals(-1, secondExit, "deleting the stream disconnects its publisher");
        }
      }
      assertEquals(404, api.get("/api/streams/" + id).status());
      assertFalse(java.nio.file.Files.exists(data.resolve("streams").resolve(id)), "the stream's folder is gone");
    }
  }


  static double probeDuration(String url) throws Exception {
    Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries", "format=duration",
        "-of", "default=noprint_wrappers=1:nokey=1", url).redirectErrorStream(true).start();
    String out = new String(probe.getInputStream().readAllBytes()).strip();
    assertTrue(probe.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, probe.exitValue(), "ffprobe: " + out);
    return Double.parseDouble(out.lines().reduce((a, b) -> b).orElseThrow());
  }
}
