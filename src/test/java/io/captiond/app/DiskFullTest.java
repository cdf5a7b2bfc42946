package io.captiond.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captiond.captions.CaptionLog;
import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.TestServer;
import io.captiond.testing.TinyFileSystem;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data folder on a tiny file system that fills while a stream captions: the stream stays live, says
 * it is degraded, captions keep reaching viewers, and once space returns the log holds every final.
 */
class DiskFullTest {

  @TempDir
  Path scratch;

  @Test
  void aFullDiskKeepsTheStreamLiveAndHealsWithEveryFinalStoredInOrder() throws Exception {
    TinyFileSystem disk = TinyFileSystem.mount(scratch.resolve("data"), 4, scratch);
    assumeTrue(disk != null, "needs root to mount a small file system");
    try (disk; TestServer server = TestServer.start(TestServer.config(disk.root(), Map.of()))) {
      ApiClient api = server.api();
      String id = api.createPull("full disk", Fixtures.jfkWav().toString(), true).getString("id");
      ApiClient.CaptionListener viewer = api.listen(id, 0);
      api.awaitState(id, "live", Duration.ofSeconds(10));
      disk.fill();

      JsonObject degraded = api.awaitStream(id, s -> s.getJsonObject("degraded").containsKey("disk"),
          Duration.ofSeconds(20));
      assertEquals("live", degraded.getString("state"), "the stream goes on: " + degraded);
      int finalsBefore = viewer.finals().size();
      viewer.awaitFinals(finalsBefore + 1, Duration.ofSeconds(10));
      JsonObject still = api.get("/api/streams/" + id).json();
      assertEquals("live", still.getString("state"), "live while finals arrive: " + still);
      assertTrue(still.getJsonObject("degraded").containsKey("disk"), "still degraded: " + still);

      disk.empty();
      JsonObject healed = api.awaitStream(id, s -> s.getJsonObject("degraded").isEmpty(), Duration.ofSeconds(10));
      System.out.println("healed: " + healed.encode());

      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(60));
      long count = ended.getJsonObject("stats").getLong("captions");
      List<JsonObject> seen = viewer.awaitFinals((int) count, Duration.ofSeconds(5));
      viewer.close();
      List<String> stored = new CaptionLog(disk.root().resolve("streams").resolve(id).resolve("captions.jsonl"))
          .readAfter(0).stream().map(caption -> caption.seq() + " " + caption.text()).toList();
      List<String> live = seen.stream().map(f -> f.getLong("seq") + " " + f.getString("text")).toList();
      assertFalse(live.isEmpty());
      assertEquals(live, stored, "every final a viewer saw is in the log, in order, once");
      assertEquals(stored.size(), stored.stream().distinct().count());
    }
  }
}
