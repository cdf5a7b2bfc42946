package io.captiond.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/streams} makes the whole stream or none of it: a step that fails after the stream is recorded
 * (its viewer policy, its outputs) removes it again, so no stream the client never learned of is left serving
 * under the default policy.
 */
class StreamCreationTest {

  @TempDir
  Path data;

  @Test
  void aCreationWhoseOutputIsRefusedLeavesNoStreamBehind() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of("restream.max_outputs", 1)))) {
      ApiClient api = server.api();
      JsonArray twoOutputs = new JsonArray()
          .add(new JsonObject().put("url", "rtmp://127.0.0.1:9/live/first").put("captions", "cea608"))
          .add(new JsonObject().put("url", "rtmp://127.0.0.1:9/live/second").put("captions", "none"));
      ApiClient.Response refused = api.post("/api/streams", new JsonObject().put("name", "two outputs")
          .put("source", new JsonObject().put("type", "rtmp")).put("language", "en").put("viewers", "token")
          .put("outputs", twoOutputs));

      assertEquals(409, refused.status(), refused.body());
      assertTrue(refused.body().contains("restream.max_outputs"), refused.body());
      assertEquals(0, api.get("/api/streams").json().getJsonArray("streams").size(), "the stream was rolled back");
      assertFalse(hasStreamFolders(), "its folder went with it");

      JsonObject kept = api.createRtmp("one that works");
      assertEquals(1, api.get("/api/streams").json().getJsonArray("streams").size());
      assertEquals(200, api.get("/api/streams/" + kept.getString("id")).status());
    }
  }

  private boolean hasStreamFolders() throws Exception {
    Path streams = data.resolve("streams");
    if (!Files.isDirectory(streams)) {
      return false;
    }
    try (Stream<Path> folders = Files.list(streams)) {
      return folders.anyMatch(Files::isDirectory);
    }
  }
}
