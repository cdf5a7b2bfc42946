package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real client: Debian's FFmpeg publishing to {@link RtmpServer} over loopback. */
class RtmpServerFfmpegTest {

  private final List<RecordingListener> listeners = new CopyOnWriteArrayList<>();
  private RtmpServer server;
  private int port;

  @BeforeEach
  void startServer() throws Exception {
    assumeTrue(new File("/usr/bin/ffmpeg").canExecute(), "ffmpeg is not installed");
    RtmpSettings config = RtmpSettings.builder().host("127.0.0.1").port(0).ioThreads(1).build();
    server = new RtmpServer(config, remote -> {
      RecordingListener listener = new RecordingListener("secret");
      listeners.add(listener);
      return listener;
    });
    port = server.start().get(10, TimeUnit.SECONDS).getPort();
  }

  @AfterEach
  void stopServer() throws Exception {
    if (server != null) {
      server.stop().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void ffmpegPublishesAacAndH264ThroughTheWholeConversation() throws Exception {
    Process ffmpeg = publish("live", "secret", 5);
    assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS), "ffmpeg did not finish");
    assertEquals(0, ffmpeg.exitValue(), () -> "ffmpeg failed: " + log(ffmpeg));
    RecordingListener listener = onlyListener();
    assertTrue(listener.awaitClosed(10));
    assertEquals(List.of("live/secret"), listener.publishes);
    assertFalse(listener.metaData.isEmpty(), "no onMetaData");

    List<AudioPacket> audio = listener.audio;
    assertEquals(AudioPacket.Type.SEQUENCE_HEADER, audio.get(0).type());
    AudioSpecificConfig asc = AudioSpecificConfig.parse(audio.get(0).data());
    assertEquals(2, asc.objectType(), "AAC LC");
    assertEquals(44100, asc.sampleRate());
    assertEquals(1, asc.channelConfiguration());
    List<AudioPacket> frames = audio.stream().filter(a -> a.type() == AudioPacket.Type.RAW)
        .toList();
    long span = frames.get(frames.size() - 1).timestamp() - frames.get(0).timestamp();
    assertTrue(span > 4500 && span < 5500, "AAC frames span " + span + " ms");
    // 5 s of 1024-sample frames at 44.1 kHz is ~215 frames.
    assertTrue(frames.size() > 200, frames.size() + " AAC frames");

    List<VideoPacket> video = listener.video;
    assertEquals(VideoPacket.Type.SEQUENCE_HEADER, video.get(0).type());
    assertEquals(1, video.get(0).data()[0], "AVCDecoderConfigurationRecord version");
    long keyframes = video.stream().filter(v -> v.type() == VideoPacket.Type.NALUS
        && v.keyframe()).count();
    long nalus = video.stream().filter(v -> v.type() == VideoPacket.Type.NALUS).count();
    assertTrue(keyframes >= 1, "no keyframe");
    assertTrue(nalus >= 120, nalus + " H.264 frames for 5 s at 25 fps");
    assertTrue(listener.unsupported.isEmpty());
    assertTrue(listener.events.contains("unpublish"), listener.events.toString());
  }

  @Test
  void aWrongStreamKeyIsRejectedWithBadNameAndTheConnectionCloses() throws Exception {
    Process ffmpeg = publish("live", "wrong", 5);
    assertTrue(ffmpeg.waitFor(30, TimeUnit.SECONDS), "ffmpeg did not finish");
    assertNotEquals(0, ffmpeg.exitValue());
    // FFmpeg prints the description of an error-level onStatus; the code itself
    // (NetStream.Publish.BadName) is checked byte for byte in RtmpConnectionHandlerTest.
    assertTrue(log(ffmpeg).contains("Server error: wrong rejected: unknown stream key"),
        () -> log(ffmpeg));
    RecordingListener listener = onlyListener();
    assertTrue(listener.awaitClosed(10));
    assertEquals(List.of("live/wrong"), listener.publishes);
    assertTrue(listener.closeReason.contains("rejected"), listener.closeReason);
    assertTrue(listener.audio.isEmpty() && listener.video.isEmpty());
  }

  @Test
  void aHostilePeerDoesNotStopAConcurrentPublish() throws Exception {
    Process ffmpeg = publish("live", "secret", 4);
    Random random = new Random(7);
    // Meanwhile: garbage instead of a handshake, a half handshake left hanging, and a valid
    // handshake followed by chunk-stream garbage.
    for (int round = 0; round < 5; round++) {
      try (Socket garbage = new Socket("127.0.0.1", port)) {
        byte[] bytes = new byte[4096];
        random.nextBytes(bytes);
        garbage.getOutputStream().write(bytes);
      }
      try (Socket afterHandshake = new Socket("127.0.0.1", port)) {
        OutputStream out = afterHandshake.getOutputStream();
        InputStream in = afterHandshake.getInputStream();
        out.write(3);
        out.write(new byte[1536]);
        in.readNBytes(1 + 2 * 1536);
        out.write(new byte[1536]);
        byte[] bytes = new byte[8192];
        random.nextBytes(bytes);
        out.write(bytes);
        out.flush();
        in.readAllBytes();
      } catch (IOException reset) {
        // the server may reset the connection while we write: that is the point
      }
    }
    assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS), "ffmpeg did not finish");
    assertEquals(0, ffmpeg.exitValue(), () -> "ffmpeg failed: " + log(ffmpeg));
    RecordingListener publisher = listeners.stream()
        .filter(l -> l.publishes.contains("live/secret")).findFirst().orElseThrow();
    assertTrue(publisher.audio.size() > 100, publisher.audio.size() + " audio packets");
    assertTrue(publisher.video.size() > 50, publisher.video.size() + " video packets");
  }

  @Test
  void connectionsFromOneAddressAreBounded() throws Exception {
    server.stop().get(10, TimeUnit.SECONDS);
    server = new RtmpServer(RtmpSettings.builder().host("127.0.0.1").port(0)
        .maxConnectionsPerIp(2).build(), remote -> new RecordingListener("secret"));
    port = server.start().get(10, TimeUnit.SECONDS).getPort();
    // The server's I/O threads may register the three connections in any order: exactly one of
    // them, whichever came third, is closed; the other two stay open.
    try (Socket first = new Socket("127.0.0.1", port);
        Socket second = new Socket("127.0.0.1", port);
        Socket third = new Socket("127.0.0.1", port)) {
      int closed = 0;
      for (Socket socket : List.of(first, second, third)) {
        socket.setSoTimeout(1500);
        try {
          if (socket.getInputStream().read() == -1) {
            closed++;
          }
        } catch (java.net.SocketTimeoutException stillOpen) {
          // open, as it should be for two of them
        } catch (IOException reset) {
          closed++;
        }
      }
      assertEquals(1, closed, "one of three connections from one address is refused");
    }
  }

  private RecordingListener onlyListener() {
    assertEquals(1, listeners.size(), "connections: " + listeners.size());
    return listeners.get(0);
  }

  private Process publish(String app, String key, int seconds) throws IOException {
    Path log = Files.createTempFile("ffmpeg-rtmp", ".log");
    log.toFile().deleteOnExit();
    Process process = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "info",
        "-re", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
        "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
        "-c:a", "aac", "-c:v", "libx264", "-preset", "ultrafast", "-t", String.valueOf(seconds),
        "-f", "flv", "rtmp://127.0.0.1:" + port + "/" + app + "/" + key)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    logs.put(process, log);
    return process;
  }

  private final Map<Process, Path> logs = new ConcurrentHashMap<>();

  private String log(Process process) {
    try {
      String text = Files.readString(logs.get(process));
      return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
