package io.captiond.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which streams come back when a node starts again on the same data, and how the others say why not. */
class StreamResumptionTest {

  @TempDir
  Path data;

  @Test
  void anRtmpStreamWaitingAtTheStopWaitsAgainAfterTheRestartWithItsIdAndAPulledFileEndsSayingWhy() throws Exception {
    String rtmp;
    String pull;
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.api();
      rtmp = api.createRtmp("waits across restarts").getString("id");
      pull = api.createPull("a file read in real time", Fixtures.jfkWav().toString(), true).getString("id");
      api.awaitState(pull, "live", Duration.ofSeconds(20));
    }
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.api();
      JsonObject waiting = api.get("/api/streams/" + rtmp).json();
      assertEquals("waiting", waiting.getString("state"), "resumed: " + waiting);
      JsonObject ended = api.get("/api/streams/" + pull).json();
      assertEquals("ended", ended.getString("state"), "not resumed: " + ended);
      assertTrue(ended.getString("reason").contains("not resumed"), "a clear reason: " + ended);
      assertEquals(2, api.get("/api/streams").json().getJsonArray("streams").size());
    }
  }
}
