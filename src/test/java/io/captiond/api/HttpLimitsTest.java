package io.captiond.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.captions.CaptionEvent;
import io.captiond.captions.CaptionLog;
import io.captiond.testing.ApiClient;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one stranger can cost the HTTP server, with real clients (raw sockets, the JDK's HttpClient and
 * WebSocket): connections, idle time, header and body sizes, viewers per stream and per address, the Origin
 * allowlist; and what viewers get: a replay of any length, and a close frame when their stream goes away.
 */
class HttpLimitsTest {

  @TempDir
  Path data;

  @Test
  void connectionsBeyondTheCapAreClosedAtOnceAndTheServerServesAgainWhenOneCloses() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of("http.max_connections", 3)))) {
      int port = server.node().httpPort();
      List<Socket> held = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        held.add(openWithRequest(port));
      }
      try (Socket extra = new Socket("127.0.0.1", port)) {
        extra.setSoTimeout(5000);
        extra.getOutputStream().write(request("/health").getBytes(StandardCharsets.US_ASCII));
        assertEquals(-1, extra.getInputStream().read(), "the fourth connection is closed without an answer");
      }
      held.remove(0).close();
      Thread.sleep(300);
      assertEquals(200, new ApiClient("http://127.0.0.1:" + port, null).get("/health").status());
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of("http.idle_timeout_seconds", 2)));
        Socket idle = new Socket("127.0.0.1", server.node().httpPort())) {
      idle.setSoTimeout(8000);
      long start = System.nanoTime();
      assertEquals(-1, idle.getInputStream().read());
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      assertTrue(seconds >= 1 && seconds <= 6, "closed after " + seconds + " s");
    }
  }

  @Test
  void aQuietCaptionFeedIsPingedAndOutlivesTheIdleTimeout() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of("http.idle_timeout_seconds", 2)))) {
      ApiClient api = server.api();
      String id = api.createRtmp("quiet").getString("id");
      FeedSocket feed = FeedSocket.open(api.base(), id, "", Map.of());
      Thread.sleep(5000);
      assertTrue(feed.isOpen(), "the feed of a quiet stream stays: " + feed.closedAs("open"));
      feed.close();
    }
  }

  @Test
  void oversizedHeadersRequestLinesAndBodiesAreRefusedAndMultipartIsOff() throws Exception {
    try (TestServer server = TestServer.start(data)) {
      int port = server.node().httpPort();
      assertEquals(431, rawStatus(port, "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
          + "\r\n\r\n"));
      assertEquals(414, rawStatus(port, "GET /health?" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
      ApiClient api = server.api();
      ApiClient.Response big = api.post("/api/streams", new JsonObject().put("name", "x".repeat(70_000)));
      assertEquals(413, big.status(), big.body());
      HttpResponse<String> multipart = FeedSocket.HTTP.send(HttpRequest.newBuilder(
              URI.create(api.base() + "/api/streams")).header("Authorization", "Bearer " + TestServer.TOKEN)
          .header("Content-Type", "multipart/form-data; boundary=xyz")
          .POST(HttpRequest.BodyPublishers.ofString("--xyz\r\nContent-Disposition: form-data; name=\"f\"; "
              + "filename=\"a\"\r\n\r\nhello\r\n--xyz--\r\n")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(415, multipart.statusCode(), multipart.body());
      assertEquals(200, api.get("/health").status(), "still serving");
    }
  }

  @Test
  void viewersPerStreamAndPerAddressAreCapped() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of("viewers.max_per_stream", 2,
        "viewers.max_per_address", 3)))) {
      ApiClient api = server.api();
      String first = api.createRtmp("first").getString("id");
      String second = api.createRtmp("second").getString("id");
      List<FeedSocket> open = new ArrayList<>();
      open.add(FeedSocket.open(api.base(), first, "", Map.of()));
      open.add(FeedSocket.open(api.base(), first, "", Map.of()));
      assertEquals(503, FeedSocket.refusal(api.base(), first, "", Map.of()), "a third viewer of one stream");
      open.add(FeedSocket.open(api.base(), second, "", Map.of()));
      assertEquals(429, FeedSocket.refusal(api.base(), second, "", Map.of()), "a fourth feed from one address");
      open.remove(0).close();
      Thread.sleep(500);
      assertEquals(-1, FeedSocket.refusal(api.base(), first, "", Map.of()), "a place freed is taken again");
      open.forEach(FeedSocket::close);
    }
  }

  @Test
  void translatedFeedsTakeViewerPlacesLikeSourceFeeds() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of("viewers.max_per_stream", 2,
        "viewers.max_per_address", 3)))) {
      ApiClient api = server.api();
      String first = api.createRtmp("first").getString("id");
      String second = api.createRtmp("second").getString("id");
      for (String id : List.of(first, second)) { // a stored Spanish track: its feed is served
        java.nio.file.Files.writeString(data.resolve("streams").resolve(id).resolve("captions.es.jsonl"), "");
      }
      List<FeedSocket> open = new ArrayList<>();
      open.add(FeedSocket.open(api.base(), first, "lang=es", Map.of()));
      open.add(FeedSocket.open(api.base(), first, "", Map.of()));
      assertEquals(503, FeedSocket.refusal(api.base(), first, "lang=es", Map.of()), "a third viewer, translated");
      assertEquals(503, FeedSocket.refusal(api.base(), first, "", Map.of()), "a third viewer, source");
      open.add(FeedSocket.open(api.base(), second, "lang=es", Map.of()));
      assertEquals(429, FeedSocket.refusal(api.base(), second, "lang=es", Map.of()), "a fourth feed from one address");
      open.remove(0).close();
      Thread.sleep(500);
      assertEquals(-1, FeedSocket.refusal(api.base(), first, "lang=es", Map.of()),
          "a translated feed's place is freed");
      assertEquals(404, FeedSocket.refusal(api.base(), first, "lang=de", Map.of()), "no such track takes no place");
      open.forEach(FeedSocket::close);
    }
  }

  @Test
  void anOriginAllowlistRefusesFeedsFromOtherPages() throws Exception {
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of("viewers.allowed_origins",
        List.of("https://good.example"))))) {
      ApiClient api = server.api();
      String id = api.createRtmp("embedded").getString("id");
      assertEquals(403, FeedSocket.refusal(api.base(), id, "", Map.of("Origin", "https://evil.example")));
      assertEquals(403, FeedSocket.refusal(api.base(), id, "", Map.of()), "no Origin is not an allowed one");
      assertEquals(-1, FeedSocket.refusal(api.base(), id, "", Map.of("Origin", "https://good.example")));
    }
  }

  @Test
  void aLongReplayArrivesWholeInOrderAndResumesAfterSince() throws Exception {
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.api();
      String id = api.createRtmp("long").getString("id");
      int count = 5000;
      try (CaptionLog log = new CaptionLog(data.resolve("streams").resolve(id).resolve("captions.jsonl"))) {
        for (int seq = 1; seq <= count; seq++) {
          log.append(new CaptionEvent(id, seq, CaptionEvent.Type.FINAL, "sentence " + seq + " of a long talk",
              seq * 2000L, seq * 2000L + 1500));
        }
      }
      FeedSocket all = FeedSocket.open(api.base(), id, "since=0", Map.of());
      FeedSocket tail = FeedSocket.open(api.base(), id, "since=" + (count - 10), Map.of());
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while ((all.finals().size() < count || tail.finals().size() < 10) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      List<JsonObject> finals = all.finals();
      assertEquals(count, finals.size());
      for (int i = 0; i < count; i++) {
        assertEquals(i + 1, finals.get(i).getLong("seq"));
      }
      assertEquals(count - 9, tail.finals().get(0).getLong("seq"));
      assertEquals(10, tail.finals().size());
      all.close();
      tail.close();
    }
  }

  @Test
  void viewersGetGoingAwayWithAReasonWhenTheirStreamIsDeleted() throws Exception {
    try (TestServer server = TestServer.start(data)) {
      ApiClient api = server.api();
      String id = api.createRtmp("short-lived").getString("id");
      FeedSocket feed = FeedSocket.open(api.base(), id, "", Map.of());
      assertEquals(204, api.delete("/api/streams/" + id).status());
      assertEquals("1001 stream deleted", feed.awaitClose(Duration.ofSeconds(10)));
    }
  }

  private static Socket openWithRequest(int port) throws Exception {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    OutputStream out = socket.getOutputStream();
    out.write(request("/health").getBytes(StandardCharsets.US_ASCII));
    InputStream in = socket.getInputStream();
    assertTrue(new String(in.readNBytes(12), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
    return socket;
  }

  private static String request(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }

  private static int rawStatus(int port, String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(head.substring(9, 12));
    } catch (SocketTimeoutException e) {
      return -1;
    }
  }
}
