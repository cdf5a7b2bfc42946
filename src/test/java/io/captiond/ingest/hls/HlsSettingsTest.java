package io.captiond.ingest.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.app.Captiond;
import io.captiond.app.Config;
import io.captiond.app.ConfigException;
import io.captiond.ingest.SourceSpec;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hls.* keys and the API's reading of an hls source. */
class HlsSettingsTest {

  @TempDir
  Path data;

  @Test
  void theDefaultsAreDocumentedAndRefuseEveryHost() {
    Config config = Config.defaults();
    assertEquals(List.of(), config.list("hls.allowed_hosts"));
    assertEquals(1 << 20, config.integer("hls.playlist_max_bytes"));
    assertEquals(64 << 20, config.integer("hls.segment_max_bytes"));
    assertEquals(10_000, config.integer("hls.segment_timeout_ms"));
    assertEquals(2, config.integer("hls.retries"));
    assertEquals(5, config.integer("hls.max_consecutive_failures"));
    assertEquals(10_000, config.integer("hls.playlist_max_segments"));
  }

  @Test
  void anAllowedHostThatIsAUrlStopsStartUpNamingTheKey() {
    Config config = TestServer.config(data, Map.of("hls.allowed_hosts", List.of("http://cdn.test/")));
    ConfigException e = assertThrows(ConfigException.class, () -> Captiond.start(config).close());
    assertEquals("hls.allowed_hosts", e.key());
  }

  @Test
  void aNegativeRetryCountStopsStartUpNamingTheKey() {
    Config config = TestServer.config(data, Map.of("hls.retries", -1));
    ConfigException e = assertThrows(ConfigException.class, () -> Captiond.start(config).close());
    assertEquals("hls.retries", e.key());
  }

  @Test
  void theAllowedHostsCanComeFromTheEnvironment() {
    Config config = Config.load(null, Map.of("CAPTIOND_HLS_ALLOWED_HOSTS", "cdn.test, *.edge.test"));
    assertEquals(List.of("cdn.test", "*.edge.test"), config.list("hls.allowed_hosts"));
  }

  @Test
  void anHlsSourceNeedsAnHttpUrl() {
    SourceSpec spec = SourceSpec.fromJson(new JsonObject().put("type", "hls").put("url", " https://cdn.test/a.m3u8 "));
    assertEquals(SourceSpec.Type.HLS, spec.type());
    assertEquals("https://cdn.test/a.m3u8", spec.url());
    assertTrue(spec.realtime());
    for (String url : List.of("/tmp/a.m3u8", "rtmp://cdn.test/a", "http:///a.m3u8", "http://cdn test/a")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SourceSpec.fromJson(new JsonObject().put("type", "hls").put("url", url)), url);
      assertTrue(e.getMessage().startsWith("source.url"), e.getMessage());
    }
  }
}
