package io.captiond.ingest.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.ingest.rtmp.RtmpConnectionHandler;
import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.LogCapture;
import io.captiond.testing.Publisher;
import io.captiond.testing.TestServer;
import io.captiond.testing.WordErrorRate;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile peers on the live server's RTMP port while a real publisher streams: each is closed with
 * a logged reason, the live stream's captions go on, and the server stays healthy.
 */
class RtmpHostilePeersTest {

  @TempDir
  Path data;

  @Test
  void hostilePeersAreClosedWithAReasonWhileALiveStreamIsCaptioned() throws Exception {
    LogCapture capture = LogCapture.of(RtmpConnectionHandler.class);
    List<String> closings = capture.messages();
    ExecutorService peers = Executors.newCachedThreadPool();
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of("rtmp.reconnect_grace_ms", 1000)))) {
      ApiClient api = server.api();
      int port = server.rtmpPort();
      JsonObject created = api.createRtmp("under attack");
      String id = created.getString("id");
      ApiClient.CaptionListener viewer = api.listen(id, 0);
      try (Publisher publisher = Publisher.start(Fixtures.jfkWav(), 0, 0, true, created.getString("publish"))) {
        api.awaitState(id, "live", Duration.ofSeconds(15));

        Map<String, Future<Integer>> attacks = new LinkedHashMap<>();
        attacks.put("random bytes", peers.submit(() -> attack(port, false, out -> {
          byte[] bytes = new byte[4096];
          new Random(3).nextBytes(bytes);
          bytes[0] = 7;
          out.write(bytes);
        })));
        attacks.put("truncated handshake", peers.submit(() -> attack(port, false, out -> {
          out.write(3);
          out.write(new byte[700]); // C1 is 1536 bytes; the rest never comes
        })));
        attacks.put("chunk size 2^31", peers.submit(() -> attack(port, true,
            out -> out.write(hex("02 000000 000004 01 00000000 80000000")))));
        attacks.put("unknown chunk stream", peers.submit(() -> attack(port, true,
            out -> out.write(hex("45 000014 000003 08 aabbcc")))));
        attacks.put("malformed AMF", peers.submit(() -> attack(port, true,
            out -> out.write(hex("03 000000 000005 14 00000000 02 0010 6162")))));
        attacks.put("message too long", peers.submit(() -> attack(port, true,
            out -> out.write(hex("04 000000 ffffff 09 01000000")))));
        attacks.put("peer that stops reading", peers.submit(() -> attack(port, true, out -> {
          // Ping requests (user control event 6), each answered with a ping response we never read.
          byte[] ping = hex("02 000000 000006 04 00000000 0006 00000000");
          byte[] batch = new byte[ping.length * 4096];
          for (int i = 0; i < 4096; i++) {
            System.arraycopy(ping, 0, batch, i * ping.length, ping.length);
          }
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          while (System.nanoTime() < deadline) {
            out.write(batch); // throws once the server has closed us
          }
        })));
        assertEquals("up", api.get("/health").json().getString("status"));
        for (Map.Entry<String, Future<Integer>> attack : attacks.entrySet()) {
          int localPort = attack.getValue().get(30, TimeUnit.SECONDS);
          String closing = awaitClosing(closings, localPort);
          System.out.printf("hostile peer '%s': %s%n", attack.getKey(), closing);
          assertTrue(closing != null, attack.getKey() + ": no logged reason among " + closings);
        }
        assertEquals("up", api.get("/health").json().getString("status"));
        assertEquals(0, publisher.await(60), publisher::log);
      }
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(60));
      List<JsonObject> finals = viewer.awaitFinals(
          (int) ended.getJsonObject("stats").getLong("captions").longValue(), Duration.ofSeconds(5));
      viewer.close();
      String text = finals.stream().map(f -> f.getString("text")).collect(Collectors.joining(" "));
      double wer = WordErrorRate.of(Fixtures.jfkReference(), text);
      System.out.printf("jfk over RTMP under attack: WER %.3f: %s%n", wer, text);
      assertTrue(wer <= 0.7, "WER " + wer + " for: " + text);
      assertEquals("up", api.get("/health").json().getString("status"));
    } finally {
      peers.shutdownNow();
      capture.close();
    }
  }

  @Test
  void aPublisherFasterThanRealTimeIsDroppedWithAReasonAndNeverBuffered() throws Exception {
    LogCapture capture = LogCapture.of(StreamMedia.class);
    List<String> warnings = capture.messages();
    try (TestServer server = TestServer.start(TestServer.config(data, Map.of(
        "rtmp.audio_buffer_bytes", 16384, "rtmp.media_buffer_bytes", 65536, "rtmp.reconnect_grace_ms", 3000)))) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("flood");
      String id = created.getString("id");
      int loops = 20;
      try (Publisher flood = Publisher.flood(Fixtures.jfkWav(), loops, created.getString("publish"))) {
        assertEquals(0, flood.await(60), flood::log);
      }
      String metrics = api.get("/metrics").body();
      double dropped = metrics.lines()
          .filter(l -> l.startsWith("captiond_rtmp_dropped_total{reason=\"audio_buffer_full\",stream=\"" + id))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
      assertTrue(dropped > 0, "audio beyond the buffer is dropped: " + metrics.lines()
          .filter(l -> l.startsWith("captiond_rtmp")).collect(Collectors.joining("\n")));
      assertTrue(warnings.stream().anyMatch(w -> w.contains("dropped a packet") && w.contains("audio decoder behind")),
          warnings.toString());
      assertEquals("up", api.get("/health").json().getString("status"));
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(60));
      double audio = ended.getJsonObject("stats").getDouble("audioSeconds");
      System.out.printf("flood of %d s of audio at full speed: %.0f packets dropped, %.1f s of audio reached the"
          + " session%n", loops * 11, dropped, audio);
      assertTrue(audio < loops * 11 / 2.0, "most of the flood never reached the session: " + audio + " s");
    } finally {
      capture.close();
    }
  }

  private interface Attack {
    void run(OutputStream out) throws IOException;
  }

  /**
   * Connects, optionally completes a plain handshake, runs the attack, then waits (up to 20 s)
   * for the server to close the connection. Returns the local port, by which the server's log
   * names the connection.
   */
  private static int attack(int port, boolean handshake, Attack attack) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      if (handshake) {
        out.write(3);
        out.write(new byte[1536]);
        out.flush();
        in.readNBytes(1 + 2 * 1536);
        out.write(new byte[1536]);
      }
      try {
        attack.run(out);
        out.flush();
        while (in.read(new byte[4096]) >= 0) {
          // drain until the server closes
        }
      } catch (IOException closedByServer) {
        // reset or broken pipe: the server closed us, which is the point
      }
      return socket.getLocalPort();
    }
  }

  private static String awaitClosing(List<String> closings, int localPort) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      for (String message : new ArrayList<>(closings)) {
        if (message.startsWith("closing RTMP connection from /127.0.0.1:" + localPort + ":")) {
          return message;
        }
      }
      Thread.sleep(50);
    }
    return null;
  }

  private static byte[] hex(String text) {
    return HexFormat.of().parseHex(text.replace(" ", ""));
  }
}
