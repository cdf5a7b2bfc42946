package io.captiond.ingest.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.loadtest.Speech;
import io.captiond.testing.ApiClient;
import io.captiond.testing.BusyCores;
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
 * before its words are heard: at least 95% of them on a quiet machine, 90% with both cores kept busy by a
 * competing process. Tagged slow (run with -Pall-tests): two players, a server, an encoder and a recognizer on
 * two cores.
 */
@Tag("slow")
class HlsSidecarSyncBrowserTest {

  private static final int SPEECH_SECONDS = 90;

  @TempDir
  Path data;

  @Test
  void bothPlayersHaveTheCuesOfAnHlsSourceBeforeItsWordsAreHeard() throws Exception {
    Map<String, PlayerCues.Figures> figures = playHlsSource("HLS source");
    figures.forEach((engine, f) -> assertTrue(f.inTimeShare() >= 0.95, String.format(Locale.ROOT,
        "%s on the sidecar: cues in the track before their start and shown while heard: %s", engine, f)));
  }

  @Test
  void withBothCoresBusyAtLeastNineInTenCuesOfAnHlsSourceAreOnTime() throws Exception {
    try (BusyCores busy = BusyCores.start(2)) {
      Map<String, PlayerCues.Figures> figures = playHlsSource("HLS source, 2 busy loops competing for the 2 cores");
      figures.forEach((engine, f) -> assertTrue(f.inTimeShare() >= 0.90, String.format(Locale.ROOT,
          "%s on the sidecar, cores busy: cues on time: %s", engine, f)));
    }
  }

  private Map<String, PlayerCues.Figures> playHlsSource(String condition) throws Exception {
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
          figures.values().forEach(f -> System.out.println(f.report(condition)));
          System.out.println(PlayerCues.serverFigures(api));
          assertTrue(feed.cues().size() >= 10, "a minute of speech gives cues: " + feed.cues().size());
          return figures;
        }
      } finally {
        encoder.destroy();
        encoder.waitFor();
      }
    }
  }
}
