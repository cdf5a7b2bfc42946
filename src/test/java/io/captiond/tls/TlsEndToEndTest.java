package io.captiond.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captiond.testing.Fixtures;
import io.captiond.testing.Publisher;
import io.captiond.testing.SelfSigned;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with real clients and a self-signed certificate made here: the JDK's HttpClient and
 * WebSocket over https and wss, FFmpeg publishing over rtmps, and a replaced certificate served
 * without a restart.
 */
class TlsEndToEndTest {

  @TempDir
  Path dir;

  private TestServer start(SelfSigned live, Map<String, Object> more) throws Exception {
    Map<String, Object> tls = new java.util.HashMap<>(Map.of(TlsSettings.CERT_FILE, live.cert().toString(),
        TlsSettings.KEY_FILE, live.key().toString(), TlsSettings.RELOAD_MS, 200));
    tls.putAll(more);
    return TestServer.start(TestServer.config(dir.resolve("data"), tls));
  }

  private static HttpClient client(SSLContext trust) {
    return HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + TestServer.TOKEN);
  }

  @Test
  void httpsAndWssServeTheApiAndCaptionFeedWithTheConfiguredCertificate() throws Exception {
    SelfSigned cert = SelfSigned.make(dir, "captiond-test");
    try (TestServer server = start(cert, Map.of(TlsSettings.HTTP, true))) {
      String base = "https://127.0.0.1:" + server.node().httpPort();
      HttpClient https = client(SelfSigned.trusting(List.of(cert)));
      HttpResponse<String> health = https.send(request(base + "/health").build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      X509Certificate served = (X509Certificate) health.sslSession().orElseThrow().getPeerCertificates()[0];
      assertTrue(served.getSubjectX500Principal().getName().contains("CN=captiond-test"));

      HttpResponse<String> created = https.send(request(base + "/api/streams").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("name", "tls")
              .put("source", new JsonObject().put("type", "rtmp")).encode())).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(201, created.statusCode(), created.body());
      String id = new JsonObject(created.body()).getString("id");

      CompletableFuture<Boolean> opened = new CompletableFuture<>();
      WebSocket ws = https.newWebSocketBuilder().buildAsync(
          URI.create("wss://127.0.0.1:" + server.node().httpPort() + "/ws/streams/" + id + "/captions?since=0"),
          new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
              opened.complete(true);
              webSocket.request(1);
            }
          }).get(20, TimeUnit.SECONDS);
      assertTrue(opened.get(20, TimeUnit.SECONDS));
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");

      HttpClient plain = HttpClient.newHttpClient();
      assertThrows(Exception.class, () -> plain.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.node().httpPort() + "/health")).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString()));
      HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> untrusting.send(request(base + "/health").build(),
          HttpResponse.BodyHandlers.ofString()));
    }
  }

  @Test
  void aReplacedCertificateIsServedWithoutARestart() throws Exception {
    SelfSigned first = SelfSigned.make(dir, "first");
    SelfSigned second = SelfSigned.make(dir, "second");
    Path cert = dir.resolve("live.crt.pem");
    Path key = dir.resolve("live.key.pem");
    Files.copy(first.cert(), cert);
    Files.copy(first.key(), key);
    SelfSigned live = new SelfSigned(cert, key);
    SSLContext both = SelfSigned.trusting(List.of(first, second));
    try (TestServer server = start(live, Map.of(TlsSettings.HTTP, true, TlsSettings.RTMPS_PORT, 0))) {
      String base = "https://127.0.0.1:" + server.node().httpPort();
      assertEquals("CN=first", servedName(both, base));
      assertEquals("CN=first", rtmpsName(both, server.node().rtmpsPort()));

      // replaced as certbot does: new files moved into place
      Path tmpCert = dir.resolve("next.crt.pem");
      Path tmpKey = dir.resolve("next.key.pem");
      Files.copy(second.cert(), tmpCert);
      Files.copy(second.key(), tmpKey);
      Files.move(tmpKey, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.move(tmpCert, cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      String http = servedName(both, base);
      String rtmps = rtmpsName(both, server.node().rtmpsPort());
      while ((!http.equals("CN=second") || !rtmps.equals("CN=second")) && System.nanoTime() < deadline) {
        Thread.sleep(200);
        http = servedName(both, base);
        rtmps = rtmpsName(both, server.node().rtmpsPort());
      }
      assertEquals("CN=second", http, "HTTPS serves the new certificate");
      assertEquals("CN=second", rtmps, "RTMPS serves the new certificate");
    }
  }

  /** The subject of the certificate a new connection is served (a new client: no pooled connection). */
  private static String servedName(SSLContext trust, String base) throws Exception {
    HttpResponse<String> health = client(trust).send(request(base + "/health").build(),
        HttpResponse.BodyHandlers.ofString());
    return ((X509Certificate) health.sslSession().orElseThrow().getPeerCertificates()[0])
        .getSubjectX500Principal().getName();
  }

  private static String rtmpsName(SSLContext trust, int port) throws Exception {
    try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) trust.getSocketFactory()
        .createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }
  }

  @Test
  void ffmpegPublishesOverRtmpsAndTheStreamIsCaptioned() throws Exception {
    assumeTrue(new File("/usr/bin/ffmpeg").canExecute(), "ffmpeg is not installed");
    SelfSigned cert = SelfSigned.make(dir, "rtmps-test");
    try (TestServer server = start(cert, Map.of(TlsSettings.RTMPS_PORT, 0))) {
      JsonObject created = server.api().createRtmp("over rtmps");
      String id = created.getString("id");
      String publish = created.getString("publish");
      String key = publish.substring(publish.lastIndexOf('/') + 1);
      var viewer = server.api().listen(id, 0);
      try (Publisher publisher = Publisher.start(Fixtures.jfkWav(), 0, 0, false,
          "rtmps://127.0.0.1:" + server.node().rtmpsPort() + "/live/" + key)) {
        server.api().awaitState(id, "live", Duration.ofSeconds(30));
        // captioned: the clip's words come through (its first final may be the single word "and")
        List<JsonObject> finals = viewer.awaitFinals(3, Duration.ofSeconds(90));
        String text = String.join(" ", finals.stream().map(f -> f.getString("text")).toList());
        assertTrue(text.split("\\s+").length >= 5, finals.toString());
      } finally {
        viewer.close();
      }
    }
  }
}
