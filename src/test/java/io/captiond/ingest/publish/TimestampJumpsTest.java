package io.captiond.ingest.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.media.hls.MediaPlaylist;
import io.captiond.media.hls.MediaSegment;
import io.captiond.media.hls.TsTimestamps;
import io.captiond.media.hls.PlaylistParser;
import io.captiond.testing.ApiClient;
import io.captiond.testing.FlvRtmpPublisher;
import io.captiond.testing.LogCapture;
import io.captiond.testing.Fixtures;
import io.captiond.testing.TestServer;
import io.captiond.testing.WebVtt;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An encoder whose clock jumps an hour forward and then back, over RTMP: the stream keeps captioning in one
 * smooth stream time, no caption or WebVTT time is negative or far away, and the HLS it re-publishes reads
 * from start to end, by ffprobe and by our own playlist parser.
 */
class TimestampJumpsTest {

  private static final long HOUR_MS = 3_600_000;

  @TempDir
  Path data;

  @Test
  void aPublisherWhoseClockJumpsForwardAndBackKeepsCaptioningAndItsHlsStaysReadable() throws Exception {
    Path flv = jfkTwiceWithPicture(data.resolve("jfk-twice.flv"));
    try (LogCapture capture = LogCapture.of(StreamMedia.class);
         TestServer server = TestServer.start(TestServer.config(data.resolve("server"), Map.of(
        "rtmp.reconnect_grace_ms", 1000, "hls_out.window_segments", 60)))) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("jumpy clock");
      String id = created.getString("id");
      ApiClient.CaptionListener viewer = api.listen(id, 0);
      // 0-7 s as sent, then an hour ahead, then from 14 s on nine seconds back (behind what was sent).
      FlvRtmpPublisher.publish(flv, created.getString("publish"),
          t -> t < 7_000 ? t : t < 14_000 ? t + HOUR_MS : t - 9_000);
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(60));
      viewer.close();

      List<JsonObject> finals = viewer.finals();
      assertTrue(finals.size() >= 2, "captions go on across the jumps: " + finals);
      for (JsonObject event : viewer.events()) {
        if (event.containsKey("start")) {
          long start = event.getLong("start");
          long end = event.getLong("end");
          assertTrue(start >= 0 && end >= start && end <= 30_000, "a time inside the 22 s published: " + event);
        }
      }
      String vtt = api.get("/streams/" + id + "/captions.vtt").body();
      List<WebVtt.Cue> cues = WebVtt.parse(vtt);
      assertTrue(!cues.isEmpty() && cues.stream().allMatch(c -> c.startMs() >= 0 && c.endMs() <= 30_000), vtt);

      String index = "/hls/" + id + "/index.m3u8";
      byte[] playlist = api.get(index).body().getBytes(StandardCharsets.UTF_8);
      MediaPlaylist media = assertInstanceOf(MediaPlaylist.class,
          new PlaylistParser(1 << 20, 10_000).parse(URI.create(api.base() + index), playlist));
      assertTrue(media.targetDurationMs() <= 10_000, "no segment stretched over a jump: " + new String(playlist));
      double seconds = RtmpSourceTest.probeDuration(api.base() + index);
      assertEquals(22.0, seconds, 2.5, "ffprobe reads the whole re-published stream");

      assertContinuous(media, new String(playlist, StandardCharsets.UTF_8));

      List<String> warnings = capture.messages();
      assertEquals(2, warnings.stream().filter(w -> w.contains("a discontinuity")).count(), warnings.toString());
      System.out.printf("jumping clock: %d finals, stream ended at %s, HLS %.2f s%n", finals.size(),
          ended.getJsonObject("stats"), seconds);
    }
  }

  /**
   * A re-anchored jump leaves nothing discontinuous in the HLS served: each segment's first PTS is where the
   * previous one ended, so the playlist marks no EXT-X-DISCONTINUITY (RFC 8216 section 4.3.2.3 asks for one
   * where the timestamp sequence, format or encoding changes; here none does, and a marker would make players
   * reset their timeline and re-align every rendition for nothing).
   */
  private static void assertContinuous(MediaPlaylist media, String text) throws Exception {
    assertFalse(text.contains("#EXT-X-DISCONTINUITY"), "stream time goes on smoothly: " + text);
    HttpClient http = HttpClient.newHttpClient();
    long expected = -1;
    for (MediaSegment segment : media.segments()) {
      byte[] ts = http.send(HttpRequest.newBuilder(segment.uri()).header("Authorization", "Bearer " + TestServer.TOKEN)
          .build(), HttpResponse.BodyHandlers.ofByteArray()).body();
      long pts = TsTimestamps.startPts(TsTimestamps.firstPts(ts));
      if (expected >= 0) {
        assertEquals(expected, pts, 90 * 250, "segment " + segment.sequence() + " starts where the last ended: "
            + text);
      }
      expected = pts + segment.durationMs() * 90;
    }
  }

  /** The JFK clip twice (AAC) with a test picture (H.264), as FLV, written as fast as ffmpeg can. */
  private static Path jfkTwiceWithPicture(Path out) throws Exception {
    Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-stream_loop", "1", "-i", Fixtures.jfkWav().toString(), "-f", "lavfi", "-i", "testsrc=size=320x240:rate=15",
        "-map", "0:a", "-map", "1:v", "-shortest", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30",
        "-pix_fmt", "yuv420p", "-b:v", "300k", "-c:a", "aac", "-b:a", "64k", "-f", "flv", out.toString())
        .redirectErrorStream(true).start();
    String log = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS) && ffmpeg.exitValue() == 0, log);
    assertTrue(Files.size(out) > 100_000, "an FLV with media: " + Files.size(out));
    return out;
  }
}
