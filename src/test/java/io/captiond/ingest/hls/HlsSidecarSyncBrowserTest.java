package io.captiond.ingest.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.loadtest.Speech;
import io.captiond.testing.ApiClient;
import io.captiond.testing.PlayerCues;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HLS-pull sidecar in synced mode, watched by hls.js and Shaka Player ({@link PlayerCues}): the master
 * captiond serves points at a video playlist it writes itself, listing the source's segments (fetched from the
 * source by the players) only once their subtitle segments are out, so every cue is in the players' text tracks
 * before its words are heard.
 *
 * <p>Not there yet: issue 10 asks for 95% of cues on time in both players; on 2026-11-30 (2-core machine, busy)
 * hls.js had 80-88% and Shaka 83%, mostly the first cues of the stream and cues whose segment went out by the
 * hold-back budget. This test keeps that floor ({@link #FLOOR}) and prints every cue; it is tagged slow.
 */
@Tag("slow")
class HlsSidecarSyncBrowserTest {

  /** What the sidecar reaches today; the goal is 0.95, as for RTMP sources. */
  private static final double FLOOR = 0.75;

  private static final int SPEECH_SECONDS = 65;

  @TempDir
  Path data;

  @Test
  void bothPlayersHaveTheCuesOfAnHlsSourceBeforeItsWordsAreHeard() throws Exception {
    PlayerCues.installBrowserDriver();
    Speech.Script script = new Speech(data.resolve("speech"), 400).script(0, SPEECH_SECONDS);
    Path live = data.resolve("live");
    Files.createDirectories(live);
    try (HlsOrigin origin = HlsOrigin.start().folder("/live", live);
         TestServer server = TestServer.start(TestServer.config(data.resolve("server"),
             Map.of("hls.allowed_hosts", List.of("127.0.0.1"))))) {
      Process encoder = HlsMedia.live(script.wav(), live, 30);
      try {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!Files.exists(live.resolve("index.m3u8")) && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        ApiClient api = server.api();
        ApiClient.Response created = api.post("/api/streams", new JsonObject().put("name", "sidecar sync")
            .put("source", new JsonObject().put("type", "hls").put("url", origin.url("/live/index.m3u8"))));
        assertEquals(201, created.status(), created.body());
        String id = created.json().getString("id");
        ApiClient.CaptionListener feed = api.listen(id, 0);
        try (PlayerCues players = PlayerCues.watch(api, id, SPEECH_SECONDS + 60, data)) {
          ApiClient.Response master = api.awaitOk("/hls/" + id + "/master.m3u8", Duration.ofSeconds(40));
          assertTrue(master.body().contains(",SUBTITLES=\"subs\"\nindex.m3u8"), "the held playlist: " + master.body());
          String held = api.get("/hls/" + id + "/index.m3u8").body();
          assertTrue(held.contains(origin.url("/live/index")), "segments from the source: " + held);
          api.awaitState(id, "ended", Duration.ofSeconds(SPEECH_SECONDS + 60));
          players.await();
          feed.close();
          Map<String, PlayerCues.Figures> figures = players.figures(feed.cues(), script);
          figures.values().forEach(f -> System.out.println(f.report("HLS source")));
          assertTrue(feed.cues().size() >= 10, "a minute of speech gives cues: " + feed.cues().size());
          figures.forEach((engine, f) -> assertTrue(f.inTimeShare() >= FLOOR, String.format(Locale.ROOT,
              "%s on the sidecar: cues in the track before their start and shown while heard: %s", engine, f)));
        }
      } finally {
        encoder.destroy();
        encoder.waitFor();
      }
    }
  }
}
