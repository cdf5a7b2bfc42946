package io.captiond.captions.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.loadtest.Speech;
import io.captiond.testing.ApiClient;
import io.captiond.testing.BusyCores;
import io.captiond.testing.PlayerCues;
import io.captiond.testing.Publisher;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subtitles on screen when the words are heard, in two independent HLS player engines ({@link PlayerCues}: hls.js
 * on captiond's player page, Shaka Player), on an RTMP stream of a minute and a half of continuous read speech with
 * short pauses, served in synced mode (the default). A minute and a half gives about 43 cues, so one late cue costs
 * about 2% of the 95% bar. What it rests on: the player page starts playback once its subtitle track has the
 * fragment where the video starts (hls.js would otherwise play its first frames before their cues), and synced mode
 * lists the video at a steady delay (a segment held longer than the ones before would eat into the cushion the
 * players started with, and the cues at its start would come late). The quiet case is in the default suite (about
 * two minutes); the busy one, with both cores taken by competing loops, is tagged slow (-Pall-tests).
 */
class SubtitleSyncBrowserTest {

  private static final int SPEECH_SECONDS = 90;

  @TempDir
  Path data;

  @Test
  void bothPlayersHaveEveryCueBeforeItsWordsAreHeard() throws Exception {
    Map<String, PlayerCues.Figures> figures = playLiveStream("quiet");
    figures.forEach((engine, f) -> assertTrue(f.inTimeShare() >= 0.95,
        engine + ": cues in the track before their start and shown while heard: " + f));
  }

  @Test
  @Tag("slow")
  void withBothCoresBusyAtLeastNineInTenCuesAreOnTime() throws Exception {
    try (BusyCores busy = BusyCores.start(2)) {
      Map<String, PlayerCues.Figures> figures = playLiveStream("2 busy loops competing for the 2 cores");
      figures.forEach((engine, f) -> assertTrue(f.inTimeShare() >= 0.90,
          engine + ", cores busy: cues on time: " + f));
    }
  }

  private Map<String, PlayerCues.Figures> playLiveStream(String condition) throws Exception {
    PlayerCues.installBrowserDriver();
    Speech.Script script = new Speech(data.resolve("speech"), 400).script(0, SPEECH_SECONDS);
    Map<String, Object> settings = new java.util.HashMap<>(Map.of("rtmp.reconnect_grace_ms", 1000));
    // the recognizer's default mode, as users run it (streaming); -Dsync.pocketsphinx.mode=windowed runs the
    // same test on whole windows re-decoded
    String mode = System.getProperty("sync.pocketsphinx.mode");
    if (mode != null) {
      settings.put("pocketsphinx.mode", mode);
    }
    try (TestServer server = TestServer.start(TestServer.config(data.resolve("server"), settings))) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("sync");
      String id = created.getString("id");
      ApiClient.CaptionListener feed = api.listen(id, 0);
      try (PlayerCues players = PlayerCues.watch(api, id, SPEECH_SECONDS + 60, data);
           Publisher publisher = Publisher.start(script.wav(), 0, 0, true, created.getString("publish"))) {
        assertEquals(0, publisher.await(SPEECH_SECONDS + 30), publisher::log);
        api.awaitState(id, "ended", Duration.ofSeconds(60));
        players.await();
        feed.close();
        return report(api, players.figures(feed.cues(), script), condition, feed.cues());
      }
    }
  }

  /** Prints each player's figures and the server's cue and hold-back metrics. */
  static Map<String, PlayerCues.Figures> report(ApiClient api, Map<String, PlayerCues.Figures> figures,
      String condition, List<JsonObject> feedCues) throws Exception {
    figures.values().forEach(f -> System.out.println(f.report(condition)));
    System.out.println(PlayerCues.serverFigures(api));
    System.out.println(videoDelayQuantiles(api));
    assertTrue(feedCues.size() >= 10, "a minute of speech gives cues: " + feedCues.size());
    return figures;
  }

  /** The synced video delay's p50 and p95, as the histogram's bounds that hold them. */
  static String videoDelayQuantiles(ApiClient api) throws Exception {
    List<double[]> buckets = api.get("/metrics").body().lines()
        .filter(l -> l.startsWith("captiond_hls_video_delay_milliseconds_bucket") && !l.contains("+Inf"))
        .map(l -> new double[] {Double.parseDouble(l.replaceAll(".*le=\"([^\"]+)\".*", "$1")),
            Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))})
        .toList();
    double total = buckets.isEmpty() ? 0 : buckets.get(buckets.size() - 1)[1];
    return String.format(java.util.Locale.ROOT, "video delay of %.0f segments: p50 <= %.0f ms, p95 <= %.0f ms",
        total, bound(buckets, 0.5 * total), bound(buckets, 0.95 * total));
  }

  private static double bound(List<double[]> buckets, double count) {
    return buckets.stream().filter(b -> b[1] >= count && count > 0).mapToDouble(b -> b[0]).findFirst().orElse(-1);
  }
}
