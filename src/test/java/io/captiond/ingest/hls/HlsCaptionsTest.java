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
             // live mode: the sidecar's master lists the source's variants as they are (synced: SidecarSync...)
             Map.of("hls.allowed_hosts", List.of("127.0.0.1"), "hls_out.sync", "live")))) {
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
        checkSubtitlesBesideTheSource(api, id, origin.url("/live/index.m3u8"), live,
            viewer.events().stream().filter(e -> "cue".equals(e.getString("type"))).toList());
      } finally {
        encoder.destroy();
        encoder.waitFor();
      }
    }
  }

  /**
   * The sidecar: the master served is the source's (its variant, absolute) plus the subtitle group;
   * subtitle segments carry the source's sequence numbers and durations, and their timestamp maps
   * point at the source segments' own PTS; the feed's cues are in them.
   */
  private static void checkSubtitlesBesideTheSource(ApiClient api, String id, String sourceUrl, Path live,
      List<JsonObject> cues) throws Exception {
    ApiClient.Response master = api.get("/hls/" + id + "/master.m3u8");
    assertEquals(200, master.status(), master.body());
    assertTrue(master.body().contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"English\""), master.body());
    assertTrue(master.body().contains(",SUBTITLES=\"subs\"\n" + sourceUrl + "\n"), master.body());
    String subs = api.get("/hls/" + id + "/subs.m3u8").body();
    assertTrue(subs.endsWith("#EXT-X-ENDLIST\n"), subs);
    List<String> source = Files.readAllLines(live.resolve("index.m3u8"));
    List<String> vtts = subs.lines().filter(l -> l.endsWith(".vtt")).toList();
    assertFalse(vtts.isEmpty(), subs);
    int compared = 0;
    StringBuilder all = new StringBuilder();
    for (String vtt : vtts) {
      long sequence = Long.parseLong(vtt.replaceAll("\\D", ""));
      String body = api.get("/hls/" + id + "/" + vtt).body();
      all.append(body);
      Path ts = live.resolve("index" + sequence + ".ts");
      if (!Files.exists(ts)) {
        continue; // the source's window slid past it
      }
      String map = body.lines().skip(1).findFirst().orElseThrow();
      long mpegts = Long.parseLong(map.substring(map.indexOf(':') + 1, map.indexOf(',')));
      long start = io.captiond.media.hls.TsTimestamps.startPts(
          io.captiond.media.hls.TsTimestamps.firstPts(Files.readAllBytes(ts)));
      assertTrue(start - mpegts >= 0 && start - mpegts < 90, map + " for a source segment at PTS " + start);
      int at = source.indexOf("index" + sequence + ".ts");
      String extinf = subs.lines().toList().get(subs.lines().toList().indexOf(vtt) - 1);
      assertEquals(Double.parseDouble(source.get(at - 1).replaceAll("[^0-9.]", "")),
          Double.parseDouble(extinf.replaceAll("[^0-9.]", "")), 0.0015, vtt + " lasts as long as its source segment");
      compared++;
    }
    assertTrue(compared > 0, "some source segments left to compare: " + source);
    System.out.printf("subtitles beside live HLS: %d segments, %d compared with the source's, %d cues%n",
        vtts.size(), compared, cues.size());
    for (JsonObject cue : cues) {
      if (cue.getLong("end") > firstStartMs(all.toString(), vtts.size())) {
        assertTrue(all.toString().contains(cue.getString("text")), "cue " + cue + " in the rendition: " + all);
      }
    }
  }

  // Stream time where the window of the subtitle playlist begins (older cues left with their segments).
  private static long firstStartMs(String segments, int count) {
    String map = segments.lines().filter(l -> l.startsWith("X-TIMESTAMP-MAP=")).findFirst().orElseThrow();
    String local = map.substring(map.indexOf("LOCAL:") + 6);
    String[] hms = local.split("[:.]");
    return Long.parseLong(hms[0]) * 3_600_000 + Long.parseLong(hms[1]) * 60_000 + Long.parseLong(hms[2]) * 1000
        + Long.parseLong(hms[3]);
  }
}
