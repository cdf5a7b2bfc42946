package io.captiond.ingest.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.Publisher;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real ffmpeg publisher's HLS output, written from its FLV tags on the shared HLS threads: no thread of
 * the stream's own, and an output ffprobe reads as the H.264 and AAC that were published.
 */
class PublishedHlsTest {

  @TempDir
  Path data;

  @Test
  void aPublishedStreamIsRemuxedWithoutAThreadOfItsOwnIntoHlsThatFfprobeReads() throws Exception {
    relay(true, (api, id) -> {
      String master = api.awaitOk("/hls/" + id + "/master.m3u8", Duration.ofSeconds(15)).body();
      assertTrue(master.contains("RESOLUTION=320x240") && master.contains("avc1.") && master.contains("mp4a.40.2"),
          master);
      assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("rtmp-hls-" + id)),
          "no remuxer thread of the stream's own");
      assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("rtmp-hls-pool-")),
          "the shared HLS threads write it");
    }, (api, id) -> {
      String index = api.get("/hls/" + id + "/index.m3u8").body();
      assertTrue(index.contains("#EXT-X-ENDLIST"), index);
      String url = api.base() + "/hls/" + id + "/master.m3u8";
      String streams = probe("-show_entries", "stream=codec_type,codec_name,width,height", "-of", "csv=p=0", url);
      assertTrue(streams.contains("h264,video,320,240") && streams.contains("aac,audio"), streams);
      double seconds = Double.parseDouble(probe("-show_entries", "format=duration", "-of",
          "default=noprint_wrappers=1:nokey=1", url).lines().reduce((a, b) -> b).orElseThrow());
      assertEquals(4.0, seconds, 1.5);
    });
  }

  @Test
  void anAudioOnlyPublishIsRemuxedAsAudioOnlyHls() throws Exception {
    relay(false, (api, id) -> {
      String master = api.awaitOk("/hls/" + id + "/master.m3u8", Duration.ofSeconds(15)).body();
      assertTrue(master.contains("CODECS=\"mp4a.40.2\"") && !master.contains("RESOLUTION"), master);
    }, (api, id) -> {
      String streams = probe("-show_entries", "stream=codec_type,codec_name", "-of", "csv=p=0",
          api.base() + "/hls/" + id + "/master.m3u8");
      assertEquals(java.util.List.of("aac,audio"), streams.lines().filter(l -> !l.isBlank()).distinct().toList(),
          streams);
    });
  }

  /** What a test checks of the stream {@code id}. */
  private interface Check {
    void check(ApiClient api, String id) throws Exception;
  }

  /** Four seconds published to an HLS-only server: {@code during} while it goes, {@code after} once it ended. */
  private void relay(boolean video, Check during, Check after) throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data,
        Map.of("rtmp.reconnect_grace_ms", 1000, "rtmp.decode_audio", false)))) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp(video ? "tags to hls" : "audio only");
      String id = created.getString("id");
      try (Publisher ffmpeg = Publisher.start(Fixtures.jfkWav(), 0, 4, video, created.getString("publish"))) {
        during.check(api, id);
        assertEquals(0, ffmpeg.await(60), ffmpeg::log);
      }
      api.awaitState(id, "ended", Duration.ofSeconds(30));
      after.check(api, id);
    }
  }

  private static String probe(String... arguments) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("ffprobe", "-v", "error"));
    command.addAll(java.util.List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes()).strip();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), "ffprobe: " + out);
    return out;
  }
}
