package io.captiond.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stream's language is decided once, at creation, against the engine the stream will use. */
class StreamLanguageTest {

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
  void anUnsupportedLanguageIsA400NamingTheSupportedCodes() throws Exception {
    ApiClient.Response response = api.post("/api/streams", stream("bogus").put("language", "xx-bogus"));
    assertEquals(400, response.status(), response.body());
    String error = response.json().getString("error");
    assertTrue(error.contains("xx-bogus") && error.contains("language"), error);
    assertTrue(error.contains("supported: [en]"), error);
  }

  @Test
  void noLanguageOrAutoUsesTheOnlyLanguageOfAnEngineThatCannotDetect() throws Exception {
    for (JsonObject body : new JsonObject[] {stream("none"), stream("auto").put("language", "auto")}) {
      ApiClient.Response created = api.post("/api/streams", body);
      assertEquals(201, created.status(), created.body());
      assertEquals("en", created.json().getString("language"), created.body());
      String id = created.json().getString("id");
      assertEquals("en", api.get("/api/streams/" + id).json().getString("language"));
      assertEquals(204, api.delete("/api/streams/" + id).status());
    }
  }

  @Test
  void aSupportedCodeIsKeptInItsCanonicalForm() throws Exception {
    ApiClient.Response created = api.post("/api/streams", stream("upper").put("language", "EN"));
    assertEquals(201, created.status(), created.body());
    assertEquals("en", created.json().getString("language"));
    assertEquals(204, api.delete("/api/streams/" + created.json().getString("id")).status());
  }

  private static JsonObject stream(String name) {
    return new JsonObject().put("name", name)
        .put("source", new JsonObject().put("type", "rtmp"));
  }
}
