package io.captiond.app;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.SelfSigned;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clustered event bus over mutual TLS: an API node and an ASR node that present a certificate
 * the other trusts caption a stream across it; a member without a certificate file is refused at
 * start-up naming the key.
 */
class ClusterTlsTest {

  @TempDir
  Path data;

  @Test
  void membersWithTrustedCertificatesCaptionAcrossATlsEventBus() throws Exception {
    SelfSigned cert = SelfSigned.make(data, "member");
    int apiPort = freePort();
    int asrPort = freePort();
    String cluster = "captiond-tls-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    Map<String, Object> common = new HashMap<>(Map.of("cluster.enabled", true, "cluster.name", cluster,
        "cluster.host", "127.0.0.1", "cluster.members", List.of("127.0.0.1:" + apiPort, "127.0.0.1:" + asrPort),
        Clustering.TLS, true, Clustering.TLS_CERT_FILE, cert.cert().toString(),
        Clustering.TLS_KEY_FILE, cert.key().toString(), Clustering.TLS_TRUST_FILE, cert.cert().toString()));
    Config workerConfig = TestServer.config(data.resolve("worker"), common)
        .with("node.roles", List.of("asr")).with("cluster.hazelcast_port", asrPort);
    Config apiConfig = TestServer.config(data.resolve("api"), common)
        .with("node.roles", List.of("api")).with("cluster.hazelcast_port", apiPort);
    try (Captiond worker = Captiond.start(workerConfig);
        TestServer api = TestServer.start(apiConfig)) {
      ApiClient client = api.api();
      String id = client.createPull("clustered over tls", Fixtures.jfkWav().toString(), false).getString("id");
      JsonObject ended = client.awaitState(id, "ended", Duration.ofSeconds(120));
      assertTrue(ended.getJsonObject("stats").getLong("captions") > 0, "captions across TLS: " + ended);
    }
  }

  @Test
  void clusterTlsWithoutItsFilesStopsStartUpNamingTheKey() {
    Config config = Config.defaults().with(Clustering.TLS, true);
    ConfigException e = assertThrows(ConfigException.class, () -> Clustering.eventBusOptions(config));
    assertTrue(e.getMessage().contains(Clustering.TLS_CERT_FILE), e.getMessage());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
