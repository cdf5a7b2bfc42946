package io.captiond.restream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captiond.captions.cea608.CaptionChannel;
import io.captiond.captions.cea608.FrameRate;
import io.captiond.media.embed.CaptionEmbedder;
import io.captiond.media.embed.EmbedConfig;
import io.captiond.media.embed.FfmpegChecks;
import io.captiond.media.embed.FlvTag;
import io.captiond.media.embed.FlvTagReader;
import io.captiond.testing.SrtEvents;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A restream to a real RTMP server: Debian's nginx with libnginx-mod-rtmp, started by the test on
 * a free loopback port, recording what it receives. The recording must hold video, audio and
 * CEA-608 captions with the text sent; nginx killed and started again, the output must reconnect
 * on its own and record again. Skipped where nginx, its RTMP module or ffmpeg are missing.
 */
class NginxRestreamTest {

  private static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");
  private static final String KEY = "s3cret-stream-key";
  private static final FrameRate RATE = new FrameRate(30, 1);
  private static final long SOURCE_MS = 6_000;

  private final Path dir = Path.of("target", "restream-nginx").toAbsolutePath();
  private final List<String> logLines = new ArrayList<>();
  private final Handler logCapture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      synchronized (logLines) {
        logLines.add(record.getMessage());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private int port;
  private Process nginx;
  private EventLoopGroup group;

  @BeforeEach
  void startNginx() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")) && Files.exists(MODULE), "nginx with the RTMP module is not installed");
    assumeTrue(FfmpegChecks.installed(), "Debian ffmpeg is not installed");
    deleteRecursively(dir);
    Files.createDirectories(dir.resolve("rec"));
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
        "daemon off;", "master_process off;", "worker_processes 1;",
        "pid " + dir.resolve("nginx.pid") + ";", "error_log " + dir.resolve("error.log") + " info;",
        "load_module " + MODULE + ";", "events { worker_connections 64; }",
        "rtmp { server { listen 127.0.0.1:" + port + "; application live { live on; record all;",
        "  record_path " + dir.resolve("rec") + "; record_unique on; } } }", ""));
    nginx = launchNginx();
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    Logger.getLogger(RestreamOutput.class.getName()).addHandler(logCapture);
  }

  private Process launchNginx() throws Exception {
    Process process = new ProcessBuilder("/usr/sbin/nginx", "-e", dir.resolve("error.log").toString(),
        "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
    awaitTrue(() -> {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return true;
      } catch (java.io.IOException e) {
        return false;
      }
    }, Duration.ofSeconds(10), "nginx listening on " + port);
    return process;
  }

  @AfterEach
  void stopEverything() throws Exception {
    Logger.getLogger(RestreamOutput.class.getName()).removeHandler(logCapture);
    if (nginx != null) {
      nginx.destroyForcibly().waitFor();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void recordsVideoAudioAndCaptionsAndReconnectsAfterTheServerRestarts() throws Exception {
    List<FlvTag> source = FlvTagReader.read(Files.readAllBytes(FfmpegChecks.plainFlv(dir, (int) (SOURCE_MS / 1000))));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RestreamConfig config = RestreamConfig.defaults().withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), 0);
    RestreamOutput output = new RestreamOutput("rtmp://127.0.0.1:" + port + "/live/" + KEY, config, group, meters,
        Tags.of("stream", "s1", "output", "0"));
    CaptionEmbedder embedder = new CaptionEmbedder(EmbedConfig.live(CaptionChannel.Config.popOn(RATE)));
    output.start();
    awaitTrue(() -> output.state() == OutputState.LIVE, Duration.ofSeconds(10), "live at first");
    assertEquals(1.0, meters.get("captiond.restream.live").gauge().value());

    feed(source, 0, embedder, output, List.of(new Cue("Hello from captiond", 500), new Cue("Second caption", 2_500)));
    assertTrue(output.status().bitrateBps() > 0, output.status().toString());
    assertTrue(meters.get("captiond.restream.bytes").functionCounter().count() > 50_000);
    Path first = awaitRecording(1);

    nginx.destroyForcibly().waitFor();
    awaitTrue(() -> output.state() == OutputState.RETRYING || output.state() == OutputState.CONNECTING,
        Duration.ofSeconds(10), "retrying once nginx is gone");
    Thread.sleep(1_500); // a few refused attempts
    assertTrue(output.status().reconnects() >= 2, output.status().toString());
    output.send(source.get(source.size() - 1));
    assertTrue(output.status().droppedTags() > 0, "tags sent while down are dropped");
    nginx = launchNginx();
    awaitTrue(() -> output.state() == OutputState.LIVE, Duration.ofSeconds(10), "live again after the restart");

    feed(source, SOURCE_MS + 2_000, embedder, output, List.of(new Cue("After the restart", 500)));
    Path second = awaitRecording(2);
    assertTrue(output.status().bytesSent() > 100_000, output.status().toString());
    output.close();
    awaitTrue(() -> output.state() == OutputState.STOPPED, Duration.ofSeconds(5), "stopped");
    Thread.sleep(500);

    SrtEvents firstText = FfmpegChecks.extract(first);
    assertEquals(List.of("Hello from captiond", "Second caption"), texts(firstText));
    SrtEvents secondText = FfmpegChecks.extract(second);
    assertEquals(List.of("After the restart"), texts(secondText));

    OutputStatus status = output.status();
    assertEquals("rtmp://127.0.0.1:" + port + "/live/***", status.url());
    assertNotNull(status.lastError());
    for (String shown : List.of(output.toString(), status.toString(), String.join("\n", logLines))) {
      assertFalse(shown.contains(KEY), "the key leaked: " + shown);
    }
    assertFalse(logLines.isEmpty(), "the output logs its state changes");
  }

  private record Cue(String text, long atMs) {}

  /**
   * Sends the source once, its times shifted by {@code offsetMs}, at four times real time; each
   * cue (times within the source) confirmed when the stream reaches it, cleared a second later.
   */
  private static void feed(List<FlvTag> source, long offsetMs, CaptionEmbedder embedder, RestreamOutput output,
      List<Cue> cues) throws InterruptedException {
    long start = System.nanoTime();
    List<Cue> pending = new ArrayList<>(cues);
    List<Long> clears = new ArrayList<>();
    for (FlvTag tag : source) {
      long t = tag.timestampMs();
      while (!pending.isEmpty() && pending.get(0).atMs() <= t) {
        Cue cue = pending.remove(0);
        embedder.caption(cue.text(), offsetMs + cue.atMs());
        clears.add(cue.atMs() + 1_200);
      }
      while (!clears.isEmpty() && clears.get(0) <= t) {
        embedder.clear(offsetMs + clears.remove(0));
      }
      long due = start + t * 1_000_000L / 4;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
      }
      FlvTag shifted = new FlvTag(tag.type(), tag.timestampMs() + offsetMs, tag.body());
      embedder.accept(shifted).forEach(output::send);
    }
    embedder.flush().forEach(output::send);
  }

  private static List<String> texts(SrtEvents srt) {
    return srt.events().stream().map(SrtEvents.Event::text).toList();
  }

  /** Waits for the {@code n}th recording to appear and stop growing. */
  private Path awaitRecording(int n) throws Exception {
    awaitTrue(() -> recordings().size() >= n, Duration.ofSeconds(10), n + " recordings");
    Path file = recordings().get(n - 1);
    long[] last = {-1};
    awaitTrue(() -> {
      long size = file.toFile().length();
      boolean stable = size > 0 && size == last[0];
      last[0] = size;
      return stable;
    }, Duration.ofSeconds(10), "recording " + file + " complete");
    return file;
  }

  private List<Path> recordings() {
    try (Stream<Path> files = Files.list(dir.resolve("rec"))) {
      return files.filter(f -> f.toString().endsWith(".flv"))
          .sorted(Comparator.comparingLong(f -> f.toFile().lastModified())).toList();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  private static void awaitTrue(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(300);
    }
  }

  private static void deleteRecursively(Path path) throws java.io.IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
