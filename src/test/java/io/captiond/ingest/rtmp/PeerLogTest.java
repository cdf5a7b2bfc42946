package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.LogCapture;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real TCP peers on {@link RtmpServer}: what they send reaches the log cut and escaped, and a peer
 * refused again and again is logged at a bounded rate.
 */
class PeerLogTest {

  private static final String CLOSING = "closing RTMP connection from /127.0.0.1:";
  private LogCapture capture;
  private List<String> lines;
  private RtmpServer server;
  private int port;

  @BeforeEach
  void startServer() throws Exception {
    capture = LogCapture.of(RtmpConnectionHandler.class);
    lines = capture.messages();
    server = new RtmpServer(RtmpSettings.builder().host("127.0.0.1").port(0).ioThreads(1).build(),
        remote -> new RecordingListener("secret"));
    port = server.start().get(10, TimeUnit.SECONDS).getPort();
  }

  @AfterEach
  void stopServer() throws Exception {
    capture.close();
    server.stop().get(10, TimeUnit.SECONDS);
  }

  @Test
  void anAppNameWithLineBreaksAndTwentyThousandCharactersIsLoggedCutAndEscaped() throws Exception {
    String app = "live\r\n2026-11-30 00:00:00.000 INFO forged: publish accepted\u001b[2K" + "x".repeat(20_000);
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("app", app);
    object.put("tcUrl", "rtmp://127.0.0.1/" + app);
    int localPort = converse(command("connect", 1.0, object), command("createStream", 2.0, null),
        message(1, Amf0Encoder.encodeAll("publish", 3.0, null, "wrong-key", "live")));

    String line = awaitClosing(localPort);
    assertTrue(line.contains("rejected: unknown stream key"), line);
    assertTrue(line.contains("'live\\r\\n2026-11-30 00:00:00.000 INFO forged: publish accepted\\u001b[2Kx'…(+19999 chars)"),
        line);
    assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\u001b"), line);
    assertTrue(line.length() < 700, line.length() + " chars: " + line);
    assertEquals(1, line.split("forged", -1).length - 1, "the app is named once: " + line);
  }

  @Test
  void commandNamesAndPropertyNamesFromThePeerAreCutAndEscaped() throws Exception {
    Map<String, Object> noApp = new LinkedHashMap<>();
    for (int i = 0; i < 100; i++) {
      noApp.put("key\n" + i + "y".repeat(20), 1.0);
    }
    String line = awaitClosing(converse(command("connect", 1.0, noApp)));
    assertTrue(line.contains("no app string"), line);
    assertTrue(line.contains("…(+92 more)"), line);
    assertFalse(line.contains("\n"), line);
    assertTrue(line.length() < 1200, line.length() + " chars");

    String before = awaitClosing(converse(command("evil\nINFO forged" + "z".repeat(5000), 1.0, null)));
    assertTrue(before.contains("'evil\\nINFO forged"), before);
    assertTrue(before.contains("before connect"), before);
    assertTrue(before.length() < 700, before.length() + " chars");
  }

  @Test
  void aPeerRefusedAgainAndAgainIsLoggedAtABoundedRate() throws Exception {
    for (int i = 0; i < 3 * RefusalLog.PER_ADDRESS; i++) {
      converse(command("createStream", 1.0, null));
    }
    Thread.sleep(500);
    long closings = lines.stream().filter(l -> l.startsWith(CLOSING)).count();
    assertEquals(RefusalLog.PER_ADDRESS, closings, String.join("\n", lines));
  }

  @Test
  void connectionsRefusedOverThePerAddressLimitAreLoggedAtABoundedRate() throws Exception {
    LogCapture serverCapture = LogCapture.of(RtmpServer.class);
    List<String> warnings = serverCapture.messages();
    RtmpServer strict = new RtmpServer(RtmpSettings.builder().host("127.0.0.1").port(0).ioThreads(1)
        .maxConnectionsPerIp(1).build(), remote -> new RecordingListener("secret"));
    int strictPort = strict.start().get(10, TimeUnit.SECONDS).getPort();
    try (Socket held = new Socket("127.0.0.1", strictPort)) {
      held.getOutputStream().write(3);
      for (int i = 0; i < 3 * RefusalLog.PER_ADDRESS; i++) {
        try (Socket refused = new Socket("127.0.0.1", strictPort)) {
          refused.setSoTimeout(10_000);
          assertEquals(-1, refused.getInputStream().read(), "closed at once");
        }
      }
      long refusals = warnings.stream().filter(w -> w.startsWith("refusing RTMP connection from /127.0.0.1:")).count();
      assertEquals(RefusalLog.PER_ADDRESS, refusals, String.join("\n", warnings));
    } finally {
      serverCapture.close();
      strict.stop().get(10, TimeUnit.SECONDS);
    }
  }

  /** Handshakes, sends the messages, reads until the server closes; returns the local port. */
  private int converse(byte[]... messages) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(3);
      out.write(new byte[1536]);
      out.flush();
      in.readNBytes(1 + 2 * 1536);
      out.write(new byte[1536]);
      try {
        for (byte[] message : messages) {
          out.write(message);
        }
        out.flush();
        while (in.read(new byte[4096]) >= 0) {
          // drain until the server closes
        }
      } catch (IOException closedByServer) {
        // reset: the server closed us
      }
      return socket.getLocalPort();
    }
  }

  private static byte[] command(String name, double transaction, Object object) {
    return message(0, Amf0Encoder.encodeAll(name, transaction, object));
  }

  private static byte[] message(int streamId, byte[] payload) {
    ByteBuf out = Unpooled.buffer();
    new ChunkEncoder(ChunkDecoder.DEFAULT_CHUNK_SIZE).encode(streamId == 0 ? 3 : 5,
        new RtmpMessage(RtmpMessage.COMMAND_AMF0, streamId, 0, payload), out);
    return ByteBufUtil.getBytes(out);
  }

  private String awaitClosing(int localPort) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      for (String line : lines) {
        if (line.startsWith(CLOSING + localPort + ":")) {
          return line;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no closing line for port " + localPort + " among " + lines);
  }
}
