package io.captiond.ingest.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Flite;
import io.captiond.testing.TestServer;
import io.captiond.testing.WordErrorRate;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live HLS stream captioned through the whole server: ffmpeg packages speech and a test video as
 * a sliding-window live playlist in real time, a local origin serves it, the stream is created over
 * the API and its captions are read from the WebSocket.
 */
class HlsCaptionsTest {

  @TempDir
  Path data;

  @Test
  void aLiveHlsStreamOfSpeechIsCaptionedInItsOwnTimeAndEndsAfterEndList() throws Exception {
    List<String> sentences = List.of(
        "The weather is nice today.",
        "Please open the door for me.",
        "We will meet at the station tomorrow morning.");
    Path wav = Flite.speak(sentences, 900, data.resolve("speech.wav"));
    Path live = data.resolve("live");
    Files.createDirectories(live);
    try (HlsOrigin origin = HlsOrigin.start().folder("/live", live);
         TestServer server = TestServer.start(TestServer.config(data.resolve("server"),
             Map.of("hls.allowed_hosts", List.of("127.0.0.1"))))) {
      Process encoder = HlsMedia.live(wav, live);
      try {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!Files.exists(live.resolve("index.m3u8")) && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertTrue(Files.exists(live.resolve("index.m3u8")), "ffmpeg writes the live playlist");
        ApiClient api = server.api();
        ApiClient.Response created = api.post("/api/streams", new JsonObject().put("name", "live hls")
            .put("source", new JsonObject().put("type", "hls").put("url", origin.url("/live/index.m3u8"))));
        assertEquals(201, created.status(), created.body());
        assertEquals("hls", created.json().getJsonObject("source").getString("type"));
        String id = created.json().getString("id");
        ApiClient.CaptionListener viewer = api.listen(id, 0);

        api.awaitState(id, "live", Duration.ofSeconds(15));
        JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(60));
        List<JsonObject> finals = viewer.awaitFinals(
            (int) ended.getJsonObject("stats").getLong("captions").longValue(), Duration.ofSeconds(5));
        viewer.close();

        assertFalse(finals.isEmpty(), "final captions: " + ended);
        String text = finals.stream().map(f -> f.getString("text")).collect(Collectors.joining(" "));
        double wer = WordErrorRate.of(String.join(" ", sentences), text);
        System.out.printf("live HLS through the server: WER %.3f, %d finals: %s%n", wer, finals.size(), text);
        assertTrue(wer <= 0.6, "WER " + wer + " for: " + text);
        // Stream time is the segments' MPEG-TS clock, which ffmpeg starts at 1.4 s: captions line up with the video.
        assertTrue(finals.get(0).getLong("start") >= 1_000, "first cue in the video's time: " + finals.get(0));
        long previousEnd = 0;
        for (JsonObject cue : finals) {
          assertTrue(cue.getLong("start") >= previousEnd, "cues in order: " + finals);
          previousEnd = cue.getLong("end");
        }
        double audioSeconds = ended.getJsonObject("stats").getDouble("audioSeconds");
        assertTrue(audioSeconds > 8, "the whole live stream was read: " + ended);
        assertEquals(200, api.get("/health").status());
      } finally {
        encoder.destroy();
        encoder.waitFor();
      }
    }
  }
}
