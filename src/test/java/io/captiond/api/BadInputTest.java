package io.captiond.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests and bad sources get clear errors and harm nothing else. */
class BadInputTest {

  @TempDir
  static Path data;
  static TestServer server;
  static ApiClient api;

  @BeforeAll
  static void startServer() throws Exception {
    server = TestServer.start(data);
    api = server.api();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void unknownStreamIsA404WithAJsonReason() throws Exception {
    for (String path : new String[] {"/api/streams/nope", "/streams/nope/captions.vtt", "/ws/streams/nope/captions"}) {
      ApiClient.Response response = api.get(path);
      assertEquals(404, response.status(), path);
      assertTrue(response.json().getString("error").contains("nope"), response.body());
    }
    assertEquals(404, api.delete("/api/streams/nope").status());
  }

  @Test
  void missingOrWrongTokenIsA401() throws Exception {
    ApiClient.Response missing = api.getWithToken("/api/streams", null);
    assertEquals(401, missing.status());
    assertTrue(missing.json().getString("error").contains("bearer token"), missing.body());
    assertEquals(401, api.getWithToken("/api/streams", "wrong").status());
    assertEquals(401, api.getWithToken("/api/streams", TestServer.TOKEN + "x").status());
    assertEquals(200, api.get("/api/streams").status());
  }

  @Test
  void malformedCreateRequestsAreA400NamingTheField() throws Exception {
    assertBadRequest(new JsonObject(), "name");
    assertBadRequest(new JsonObject().put("name", "x"), "source");
    assertBadRequest(new JsonObject().put("name", "x").put("source", new JsonObject().put("type", "carrier-pigeon")),
        "source.type");
    assertBadRequest(new JsonObject().put("name", "x").put("source", new JsonObject().put("type", "pull")), "source.url");
    assertBadRequest(new JsonObject().put("name", "x")
        .put("source", new JsonObject().put("type", "pull").put("url", "gopher://example/x")), "scheme");
    assertBadRequest(new JsonObject().put("name", "x").put("engine", "nonesuch")
        .put("source", new JsonObject().put("type", "pull").put("url", "/tmp/x.wav")), "engine");
    assertBadRequest(new JsonObject().put("name", "x".repeat(300))
        .put("source", new JsonObject().put("type", "pull").put("url", "/tmp/x.wav")), "name");
  }

  @Test
  void missingFileAndRandomBytesFailTheirStreamsOnlyWhileAnotherStreamCaptions() throws Exception {
    Path noise = data.resolve("random.bin");
    byte[] bytes = new byte[200_000];
    new Random(7).nextBytes(bytes);
    Files.write(noise, bytes);

    String good = api.createPull("good", Fixtures.jfkWav().toString(), true).getString("id");
    String missing = api.createPull("missing", data.resolve("does-not-exist.wav").toString(), true).getString("id");
    String garbage = api.createPull("garbage", noise.toString(), true).getString("id");

    JsonObject missingState = api.awaitState(missing, "failed", Duration.ofSeconds(20));
    assertTrue(missingState.getString("reason").contains("does-not-exist.wav"), missingState.encode());
    JsonObject garbageState = api.awaitState(garbage, "failed", Duration.ofSeconds(20));
    assertFalse(garbageState.getString("reason").isBlank(), garbageState.encode());

    ApiClient.Response health = api.get("/health");
    assertEquals(200, health.status());
    assertEquals("up", health.json().getString("status"));

    JsonObject goodState = api.awaitState(good, "ended", Duration.ofSeconds(60));
    assertTrue(goodState.getJsonObject("stats").getLong("captions") > 0, goodState.encode());
    assertEquals(204, api.delete("/api/streams/" + good).status());
    assertEquals(404, api.get("/api/streams/" + good).status());
  }

  @Test
  void metricsAreServedInPrometheusFormat() throws Exception {
    ApiClient.Response metrics = api.get("/metrics");
    assertEquals(200, metrics.status());
    assertTrue(metrics.body().contains("captiond_streams_live"), metrics.body());
  }

  private static void assertBadRequest(JsonObject body, String mentioned) throws Exception {
    ApiClient.Response response = api.post("/api/streams", body);
    assertEquals(400, response.status(), response.body());
    assertTrue(response.json().getString("error").contains(mentioned), response.body());
  }
}
