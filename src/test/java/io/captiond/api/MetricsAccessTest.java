package io.captiond.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} lists every stream id, so a stranger may not read it: it takes the admin token
 * on the API port, or is served alone on a management port; per-stream series can be turned off.
 */
class MetricsAccessTest {

  @TempDir
  Path data;

  @Test
  void metricsOnTheApiPortNeedTheAdminTokenAsABearerToken() throws Exception {
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.api();
      ApiClient.Response anonymous = api.getWithToken("/metrics", null);
      assertEquals(401, anonymous.status(), anonymous.body());
      assertEquals("Bearer", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
      assertFalse(anonymous.body().contains("captiond_"), anonymous.body());
      assertEquals(401, api.getWithToken("/metrics", TestServer.TOKEN + "x").status());

      ApiClient.Response scraped = api.get("/metrics");
      assertEquals(200, scraped.status());
      assertTrue(scraped.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
      assertTrue(scraped.body().contains("captiond_streams_live"), scraped.body());
      assertEquals(200, api.getWithToken("/health", null).status(), "health stays public");
    }
  }

  @Test
  void aManagementPortServesMetricsWithoutTheTokenAndTheApiPortNoLonger() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of("metrics.port", 0)))) {
      int port = server.node().metricsPort();
      assertTrue(port > 0 && port != server.node().httpPort(), "management port " + port);
      ApiClient management = new ApiClient("http://127.0.0.1:" + port, null);
      ApiClient.Response scraped = management.get("/metrics");
      assertEquals(200, scraped.status(), scraped.body());
      assertTrue(scraped.body().contains("captiond_streams_live"), scraped.body());
      assertEquals(404, management.get("/api/streams").status(), "the management port serves only /metrics");

      assertEquals(404, server.api().get("/metrics").status(), "not on the API port, even with the token");
    }
  }

  @Test
  void perStreamLabelsCanBeTurnedOffKeepingTheNodeWideMeters() throws Exception {
    String labelled;
    String id;
    try (TestServer server = TestServer.start(data.resolve("labelled"))) {
      id = server.api().createRtmp("labelled").getString("id");
      labelled = awaitSeries(server.api(), "stream=\"" + id + "\"");
    }
    assertTrue(labelled.contains("captiond_asr_queue_depth{stream=\"" + id + "\"}"), labelled);

    try (TestServer server = TestServer.start(TestServer.config(data.resolve("unlabelled"),
        Map.of("metrics.per_stream_labels", false)))) {
      ApiClient api = server.api();
      String other = api.createRtmp("unlabelled").getString("id");
      api.awaitState(other, "waiting", java.time.Duration.ofSeconds(10));
      String body = api.get("/metrics").body();
      assertFalse(body.contains("stream=\""), body);
      assertFalse(body.contains(other), body);
      assertTrue(body.contains("captiond_streams_live"), body);
      assertTrue(body.contains("captiond_captions_total{type=\"final\"}"), body);
    }
  }

  private static String awaitSeries(ApiClient api, String fragment) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    String body = api.get("/metrics").body();
    while (!body.contains(fragment) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      body = api.get("/metrics").body();
    }
    return body;
  }
}
