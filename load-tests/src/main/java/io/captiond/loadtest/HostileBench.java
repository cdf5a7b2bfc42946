package io.captiond.loadtest;

import io.captiond.ingest.rtmp.PublishDecision;
import io.captiond.ingest.rtmp.PublishListener;
import io.captiond.ingest.rtmp.RtmpServer;
import io.captiond.ingest.rtmp.RtmpSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The hostile-traffic benchmark: the same legitimate streams (flite speech published by FFmpeg,
 * captioned and watched) run twice on a fresh server, once quiet and once under attack, and the
 * report compares their captions and states what the attack did and what it cost the server.
 * {@code load-tests/hostile/run.sh --help} lists the options; see load-tests/README.md.
 */
public final class HostileBench {

  static final String USAGE = """
      load-tests/hostile/run.sh [options]
        --sessions N         hostile RTMP sessions to send (default 100000)
        --threads T          senders of hostile sessions (default 8)
        --idle N             idle connections held on each port: HTTP, RTMP, RTMPS (default 1000)
        --stalled-viewers N  WebSocket viewers of a live stream that never read (default 300)
        --streams N          legitimate streams (default 2)
        --seconds S          speech per legitimate stream, and so the attack's length (default 120)
        --drain-s S          time the legitimate captions have to arrive after the speech (default 120)
        --launch jar|classpath, --jar PATH   how the server starts (default jar target/captiond.jar)
        --out DIR            report folder (default load-tests/results/hostile-<date>)
      """;

  private HostileBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--help") || !args[i].startsWith("--") || i + 1 >= args.length) {
        System.out.println(USAGE);
        System.exit(args[i].equals("--help") ? 0 : 2);
      }
      values.put(args[i].substring(2), args[++i]);
    }
    long sessions = Long.parseLong(values.getOrDefault("sessions", "100000"));
    int threads = Integer.parseInt(values.getOrDefault("threads", "8"));
    int idle = Integer.parseInt(values.getOrDefault("idle", "1000"));
    int stalled = Integer.parseInt(values.getOrDefault("stalled-viewers", "300"));
    String streams = values.getOrDefault("streams", "2");
    String seconds = values.getOrDefault("seconds", "120");
    Path out = Path.of(values.getOrDefault("out", "load-tests/results/hostile-" + java.time.LocalDate.now()));
    // the certificate, its key and the recording stay out of the report folder
    Path work = Files.createDirectories(Path.of("load-tests/work/hostile"));

    Path cert = work.resolve("cert.pem");
    Path key = work.resolve("key.pem");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
        key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=hostile-bench").redirectErrorStream(true)
        .redirectOutput(work.resolve("openssl.log").toFile()).start();
    openssl.waitFor(60, TimeUnit.SECONDS);
    int rtmpsPort = freePort();

    List<String> common = new ArrayList<>(List.of("--streams", streams, "--seconds", seconds, "--viewers", "1",
        "--source", "rtmp", "--search", "0", "--drain-s", values.getOrDefault("drain-s", "120"), "--max-p95-ms", "600000", "--deadline-min", "120",
        "--launch", values.getOrDefault("launch", "jar"),
        "--server-env", "CAPTIOND_TLS_CERT_FILE=" + cert.toAbsolutePath(),
        "--server-env", "CAPTIOND_TLS_KEY_FILE=" + key.toAbsolutePath(),
        "--server-env", "CAPTIOND_TLS_RTMPS_PORT=" + rtmpsPort,
        "--server-env", "CAPTIOND_RTMP_MAX_CONNECTIONS=" + (idle + threads + 500)));
    if (values.containsKey("jar")) {
      common.addAll(List.of("--jar", values.get("jar")));
    }
    String load0 = loadAverages();
    System.out.println("hostile: quiet run (" + load0 + ")");
    StepResult quiet = step(common, out.resolve("quiet"), null);
    String load1 = loadAverages();

    System.out.println("hostile: recording a real FFmpeg publish");
    RtmpRecording recording = record(work);
    HostileAttack attack = new HostileAttack(new RtmpMutations(recording), sessions, threads, idle, stalled, rtmpsPort);
    System.out.println("hostile: attacked run (" + load1 + "), " + recording.chunks().size() + " chunks recorded");
    StepResult attacked = null;
    String failure = null;
    try {
      attacked = step(common, out.resolve("attacked"), attack);
    } catch (RuntimeException | IOException e) {
      failure = e.getMessage();
      System.err.println("hostile: the attacked run failed: " + failure);
    }
    String load2 = loadAverages();
    Files.createDirectories(out);
    HostileReport.write(out.resolve("report.md"), quiet, attacked, attack.figures(), failure, sessions,
        List.of(load0, load1, load2), rtmpsPort >= 0);
    System.out.println("report: " + out.resolve("report.md"));
    System.exit(failure == null ? 0 : 1);
  }

  private static StepResult step(List<String> common, Path out, HostileAttack attack) throws IOException {
    List<String> args = new ArrayList<>(common);
    args.addAll(List.of("--out", out.toString()));
    Options options;
    try {
      options = Options.parse(args.toArray(String[]::new));
    } catch (Options.UsageException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    StepRunner runner = new StepRunner(options, new Speech(options.work().resolve("speech"), options.pauseMs()));
    runner.attackWith(attack);
    return runner.run(options.streams().get(0), Deadline.in("hostile step", options.deadlineMinutes() * 60_000L));
  }

  /** FFmpeg publishing to an in-process RTMP server of captiond's own that accepts any key. */
  private static RtmpRecording record(Path work) throws Exception {
    RtmpServer server = new RtmpServer(RtmpSettings.builder().host("127.0.0.1").port(0).build(),
        remote -> new PublishListener() {
          @Override
          public java.util.concurrent.CompletionStage<PublishDecision> onPublish(String app, String streamKey) {
            return CompletableFuture.completedFuture(PublishDecision.accept());
          }

          @Override
          public void onAudio(io.captiond.ingest.rtmp.AudioPacket packet) {}

          @Override
          public void onVideo(io.captiond.ingest.rtmp.VideoPacket packet) {}

          @Override
          public void onClosed(String reason) {}
        });
    int port = server.start().get(10, TimeUnit.SECONDS).getPort();
    try {
      Path wav = new Speech(work.resolve("speech"), 700).script(0, 10).wav();
      return RtmpRecording.record(wav, "rtmp://127.0.0.1:" + port + "/live/not-a-stream-key", 4,
          work.resolve("recording.log"));
    } finally {
      server.stop().get(10, TimeUnit.SECONDS);
    }
  }

  /** The machine's load averages (1, 5, 15 min) from /proc/loadavg. */
  static String loadAverages() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return "load " + f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "load unknown";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
