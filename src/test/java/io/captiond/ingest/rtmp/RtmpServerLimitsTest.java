package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Raw sockets hitting each limit a stranger meets before publishing are dropped, while FFmpeg,
 * which publishes at once with small commands, still gets through.
 */
class RtmpServerLimitsTest {

  private final List<RecordingListener> listeners = new CopyOnWriteArrayList<>();
  private RtmpServer server;
  private int port;

  private void start(RtmpSettings.Builder settings) throws Exception {
    server = new RtmpServer(settings.host("127.0.0.1").port(0).ioThreads(1).build(), remote -> {
      RecordingListener listener = new RecordingListener("secret");
      listeners.add(listener);
      return listener;
    });
    port = server.start().get(10, TimeUnit.SECONDS).getPort();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop().get(10, TimeUnit.SECONDS);
    }
  }

  /** Whether the server closed the socket within {@code millis} (end of stream or reset). */
  private static boolean closedWithin(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    InputStream in = socket.getInputStream();
    long end = System.nanoTime() + millis * 1_000_000L;
    try {
      while (System.nanoTime() < end) {
        if (in.read(new byte[8192]) == -1) {
          return true;
        }
      }
      return false;
    } catch (SocketTimeoutException open) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private Socket handshaken() throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.getOutputStream().write(RtmpVectors.concat(new byte[] {3},
        HandshakeDecoderTest.plainC1(5), new byte[1536]));
    socket.getOutputStream().flush();
    socket.setSoTimeout(5000);
    socket.getInputStream().readNBytes(1 + 2 * 1536);
    return socket;
  }

  @Test
  void connectionsBeyondTheGlobalCapAreDropped() throws Exception {
    start(RtmpSettings.builder().maxConnections(3).maxConnectionsPerIp(100));
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        sockets.add(new Socket("127.0.0.1", port));
      }
      int closed = 0;
      for (Socket socket : sockets) {
        closed += closedWithin(socket, 700) ? 1 : 0;
      }
      assertEquals(2, closed, "two of five connections are over a cap of three");
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  @Test
  void aPeerThatHandshakesAndNeverPublishesIsDroppedAtTheDeadline() throws Exception {
    start(RtmpSettings.builder().publishTimeout(Duration.ofMillis(800)));
    try (Socket socket = handshaken()) {
      assertTrue(closedWithin(socket, 5000), "closed after the publish deadline");
    }
    assertTrue(listeners.get(0).awaitClosed(5));
    assertTrue(listeners.get(0).closeReason.contains("no publish granted within 800 ms"),
        listeners.get(0).closeReason);
  }

  @Test
  void aLargeMessageBeforePublishIsDropped() throws Exception {
    start(RtmpSettings.builder().maxMessageLengthBeforePublish(4096));
    try (Socket socket = handshaken()) {
      socket.getOutputStream().write(RtmpVectors.hex("03 000000 002000 14 00000000"));
      socket.getOutputStream().write(new byte[128]);
      socket.getOutputStream().flush();
      assertTrue(closedWithin(socket, 5000), "closed for an oversize message");
    }
    assertTrue(listeners.get(0).awaitClosed(5));
    assertTrue(listeners.get(0).closeReason.contains("announces 8192 bytes; limit 4096"),
        listeners.get(0).closeReason);
  }

  @Test
  void partlySentMessagesOfManyPeersStopAtTheServersBudget() throws Exception {
    // 64 KiB of buffer per message announced: the fourth peer would pass a budget of 200 000 bytes
    start(RtmpSettings.builder().maxMessageLength(65536).maxPendingBytesTotal(200_000)
        .maxIncomingChunkSize(65536));
    List<Socket> peers = new ArrayList<>();
    try {
      int closed = 0;
      for (int i = 0; i < 4; i++) {
        Socket socket = handshaken();
        peers.add(socket);
        // Set Chunk Size 65536, then the first chunk of a 65 536-byte message, held unfinished
        socket.getOutputStream().write(RtmpVectors.hex("02 000000 000004 01 00000000 00010000"));
        socket.getOutputStream().write(RtmpVectors.hex("03 000000 010000 14 00000000"));
        socket.getOutputStream().write(new byte[1000]);
        socket.getOutputStream().flush();
        closed += closedWithin(socket, 700) ? 1 : 0;
      }
      assertEquals(1, closed, "the fourth peer is over the budget");
      assertTrue(server.pendingBytes() <= 200_000, server.pendingBytes() + " bytes held");
    } finally {
      for (Socket socket : peers) {
        socket.close();
      }
    }
  }

  @Test
  void ffmpegStillPublishesUnderTightStrangerLimits() throws Exception {
    assumeTrue(new File("/usr/bin/ffmpeg").canExecute(), "ffmpeg is not installed");
    start(RtmpSettings.builder().maxConnections(2).maxMessageLengthBeforePublish(4096)
        .publishTimeout(Duration.ofSeconds(3)));
    Path log = Files.createTempFile("ffmpeg-limits", ".log");
    Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-re",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
        "-c:a", "aac", "-c:v", "libx264", "-preset", "ultrafast", "-t", "5",
        "-f", "flv", "rtmp://127.0.0.1:" + port + "/live/secret")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, ffmpeg.exitValue(), Files.readString(log));
    RecordingListener publisher = listeners.get(0);
    assertTrue(publisher.video.size() > 50, publisher.video.size() + " video packets (key frames"
        + " larger than the pre-publish limit)");
    Files.deleteIfExists(log);
  }
}
