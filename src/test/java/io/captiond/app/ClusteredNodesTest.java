package io.captiond.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes clustered over Hazelcast on loopback: one runs only the API and the stream's session,
 * the other only the ASR worker. Captions can only arrive if audio windows and transcripts cross the
 * clustered event bus through their wire codecs.
 */
class ClusteredNodesTest {

  @TempDir
  Path data;

  @Test
  void aStreamOnTheApiNodeIsCaptionedByTheWorkerOnTheOtherNode() throws Exception {
    int apiPort = freePort();
    int asrPort = freePort();
    String members = "127.0.0.1:" + apiPort + ",127.0.0.1:" + asrPort;
    String cluster = "captiond-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    Map<String, Object> common = Map.of("cluster.enabled", true, "cluster.name", cluster,
        "cluster.host", "127.0.0.1", "cluster.members", List.of(members.split(",")));

    Config workerConfig = TestServer.config(data.resolve("worker"), common)
        .with("node.roles", List.of("asr")).with("cluster.hazelcast_port", asrPort);
    Config apiConfig = TestServer.config(data.resolve("api"), common)
        .with("node.roles", List.of("api")).with("cluster.hazelcast_port", apiPort);

    try (Captiond worker = Captiond.start(workerConfig);
        TestServer api = TestServer.start(apiConfig)) {
      assertTrue(worker.httpPort() < 0, "the worker node serves no HTTP");
      ApiClient client = api.api();
      String id = client.createPull("clustered", Fixtures.jfkWav().toString(), false).getString("id");
      ApiClient.CaptionListener viewer = client.listen(id, 0);
      JsonObject ended = client.awaitState(id, "ended", Duration.ofSeconds(90));
      long count = ended.getJsonObject("stats").getLong("captions");
      List<JsonObject> finals = viewer.awaitFinals((int) count, Duration.ofSeconds(5));
      viewer.close();
      assertTrue(count > 0, "captions made across the cluster: " + ended);
      assertFalse(finals.isEmpty());
      assertTrue(finals.get(0).getString("text").length() > 3, finals.toString());
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
