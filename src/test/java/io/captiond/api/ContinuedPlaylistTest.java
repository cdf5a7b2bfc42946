package io.captiond.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captiond.media.hls.RemuxRuns;
import io.captiond.testing.ApiClient;
import io.captiond.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remuxer's playlist as served after restarts: FFmpeg writes no EXT-X-DISCONTINUITY-SEQUENCE, so once the
 * discontinuity of a restart has left the window the server adds it from the runs it recorded.
 */
class ContinuedPlaylistTest {

  private static final String PLAYLIST = """
      #EXTM3U
      #EXT-X-VERSION:3
      #EXT-X-TARGETDURATION:2
      #EXT-X-MEDIA-SEQUENCE:14
      #EXTINF:2.000000,
      seg14.ts
      #EXTINF:2.000000,
      seg15.ts
      """;

  @TempDir
  Path data;

  @Test
  void theServedPlaylistCarriesTheDiscontinuitySequenceOfTheRunsThatLeftTheWindow() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of("hls_out.sync", "live")))) {
      ApiClient api = server.api();
      String id = api.createRtmp("continued").getString("id");
      Path hls = data.resolve("streams").resolve(id).resolve("hls");
      Files.createDirectories(hls);
      Files.writeString(hls.resolve("index.m3u8"), PLAYLIST);
      assertEquals(PLAYLIST, api.get("/hls/" + id + "/index.m3u8").body(), "never restarted: as written");

      Files.writeString(hls.resolve(RemuxRuns.FILE), RemuxRuns.FIRST.startAt(12).text());
      ApiClient.Response served = api.get("/hls/" + id + "/index.m3u8");
      assertEquals(200, served.status());
      assertEquals(PLAYLIST.replace("#EXT-X-MEDIA-SEQUENCE:14\n", "#EXT-X-MEDIA-SEQUENCE:14\n"
          + "#EXT-X-DISCONTINUITY-SEQUENCE:1\n"), served.body());
      assertEquals("application/vnd.apple.mpegurl", served.headers().firstValue("Content-Type").orElse("")
          .replaceAll(";.*", ""));
    }
  }
}
