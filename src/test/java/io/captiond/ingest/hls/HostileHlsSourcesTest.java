package io.captiond.ingest.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.TestServer;
import io.captiond.testing.WordErrorRate;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile HLS sources through the real server: each fails (or skips) on its own with a reason that
 * names the problem, while a good HLS stream on the same server is captioned as usual.
 */
class HostileHlsSourcesTest {

  private static final long SEGMENT_LIMIT = 2 << 20;

  @TempDir
  static Path dir;
  private static HlsOrigin origin;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    HlsMedia.vod(Fixtures.jfkWav(), dir.resolve("ts"), false);
    origin = HlsOrigin.start().folder("/ts", dir.resolve("ts"));
    server = TestServer.start(TestServer.config(dir.resolve("server"), Map.of(
        "hls.allowed_hosts", List.of("127.0.0.1"),
        "hls.segment_max_bytes", (int) SEGMENT_LIMIT,
        "hls.retries", 0,
        "hls.max_consecutive_failures", 2)));
  }

  @AfterAll
  static void stop() {
    server.close();
    origin.close();
  }

  private static ApiClient.Response create(String name, String url, boolean realtime) throws Exception {
    return server.api().post("/api/streams", new JsonObject().put("name", name)
        .put("source", new JsonObject().put("type", "hls").put("url", url).put("realtime", realtime)));
  }

  private static String created(String name, String path) throws Exception {
    ApiClient.Response response = create(name, origin.url(path), false);
    assertEquals(201, response.status(), response.body());
    return response.json().getString("id");
  }

  @Test
  void hostileSourcesFailAloneWithAReasonWhileAGoodStreamIsCaptioned() throws Exception {
    origin.text("/malformed/index.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\n#EXTINF:2.0,\na.ts\n");
    origin.redirect("/redirect/index.m3u8", "http://localhost:" + origin.port() + "/ts/index.m3u8");
    origin.endless("/huge/endless.ts");
    origin.text("/huge/index.m3u8", """
        #EXTM3U
        #EXT-X-TARGETDURATION:2
        #EXTINF:2.0,
        endless.ts
        #EXTINF:2.0,
        endless.ts
        """);
    origin.text("/junk/notmedia.ts", "this is not media\n".repeat(500));
    origin.text("/junk/index.m3u8", """
        #EXTM3U
        #EXT-X-TARGETDURATION:2
        #EXTINF:2.0,
        /ts/index0.ts
        #EXTINF:2.0,
        notmedia.ts
        #EXTINF:2.0,
        /ts/index2.ts
        #EXTINF:2.0,
        /ts/index3.ts
        #EXT-X-ENDLIST
        """);
    ApiClient api = server.api();
    String good = created("good", "/ts/index.m3u8");
    ApiClient.CaptionListener viewer = api.listen(good, 0);
    String malformed = created("malformed", "/malformed/index.m3u8");
    String redirect = created("redirect", "/redirect/index.m3u8");
    long endlessBefore = origin.endlessBytes.get();
    String huge = created("huge", "/huge/index.m3u8");
    String junk = created("junk", "/junk/index.m3u8");

    JsonObject m = api.awaitState(malformed, "failed", Duration.ofSeconds(20));
    assertTrue(m.getString("reason").contains("bad playlist") && m.getString("reason").contains("line 4"),
        m.getString("reason"));
    JsonObject r = api.awaitState(redirect, "failed", Duration.ofSeconds(20));
    assertTrue(r.getString("reason").contains("redirects") && r.getString("reason").contains("'localhost'"),
        r.getString("reason"));
    JsonObject h = api.awaitState(huge, "failed", Duration.ofSeconds(30));
    assertTrue(h.getString("reason").contains("hls.segment_max_bytes"), h.getString("reason"));
    long written = origin.endlessBytes.get() - endlessBefore;
    assertTrue(written < 2 * (SEGMENT_LIMIT + (16 << 20)), "reading stopped at the limit; origin wrote " + written);
    JsonObject j = api.awaitState(junk, "ended", Duration.ofSeconds(40));
    assertTrue(j.getJsonObject("stats").getDouble("audioSeconds") > 5, "the media segments around it were read: " + j);

    JsonObject ended = api.awaitState(good, "ended", Duration.ofSeconds(60));
    List<JsonObject> finals = viewer.awaitFinals(
        (int) ended.getJsonObject("stats").getLong("captions").longValue(), Duration.ofSeconds(5));
    viewer.close();
    String text = finals.stream().map(f -> f.getString("text")).collect(Collectors.joining(" "));
    double wer = WordErrorRate.of(Fixtures.jfkReference(), text);
    System.out.printf("jfk over HLS beside hostile sources: WER %.3f: %s%n", wer, text);
    assertTrue(wer <= 0.7, "WER " + wer + " for: " + text);
    assertEquals(200, api.get("/health").status());
  }

  @Test
  void aHostNotAllowedIsRefusedWhenTheStreamIsCreated() throws Exception {
    ApiClient.Response other = create("elsewhere", "http://169.254.169.254/latest/index.m3u8", true);
    assertEquals(400, other.status());
    assertTrue(other.body().contains("169.254.169.254") && other.body().contains("hls.allowed_hosts"), other.body());
    ApiClient.Response byName = create("by name", "http://localhost:" + origin.port() + "/ts/index.m3u8", true);
    assertEquals(400, byName.status(), byName.body());
    ApiClient.Response notHttp = create("file", "file:///etc/passwd", true);
    assertEquals(400, notHttp.status());
    assertTrue(notHttp.body().contains("http or https"), notHttp.body());
    assertEquals(200, server.api().get("/health").status());
  }

  @Test
  void withTheDefaultConfigurationEveryHlsSourceIsRefusedWithAdviceForTheAdmin() throws Exception {
    try (TestServer defaults = TestServer.start(dir.resolve("defaults"))) {
      ApiClient.Response response = defaults.api().post("/api/streams", new JsonObject().put("name", "x")
          .put("source", new JsonObject().put("type", "hls").put("url", origin.url("/ts/index.m3u8"))));
      assertEquals(400, response.status());
      assertTrue(response.body().contains("hls.allowed_hosts is empty"), response.body());
    }
  }
}
