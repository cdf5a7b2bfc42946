package io.captiond.loadtest;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The chaos run's cluster on loopback, laid out as in production and as in {@code ClusterFailoverTest}: one
 * api node (sessions, HTTP, RTMP; no ASR) and two ASR worker nodes with pocketsphinx, all processes of the
 * server jar joined by a clustered event bus. Every port is fixed for the run, so that a restarted node
 * comes back where clients and the other members look for it. Faults are injected here: {@code kill -9},
 * SIGTERM, SIGSTOP/SIGCONT and a file-size limit ({@code prlimit}, no root needed) on a node's process.
 */
final class ChaosCluster implements AutoCloseable {

  static final String TOKEN = "chaos-token-0123456789abcdefghijklmnopqrs";
  static final int WORKERS = 2;

  private final Path jar;
  private final Path data;
  private final Map<String, String> common = new LinkedHashMap<>();
  private final Map<String, String> apiEnv = new LinkedHashMap<>();
  private final int[] workerPorts = new int[WORKERS];
  private final Process[] workers = new Process[WORKERS];
  private final long[] logLinesAtStart = new long[WORKERS];
  private ServerProcess api;
  private ServerApi client;

  ChaosCluster(Path jar, Path data, int streams) throws IOException {
    this.jar = jar;
    this.data = data;
    int apiHazelcast = freePort();
    for (int i = 0; i < WORKERS; i++) {
      workerPorts[i] = freePort();
    }
    StringBuilder members = new StringBuilder("127.0.0.1:" + apiHazelcast);
    for (int port : workerPorts) {
      members.append(",127.0.0.1:").append(port);
    }
    common.put("CAPTIOND_CLUSTER_ENABLED", "true");
    common.put("CAPTIOND_CLUSTER_NAME", "captiond-chaos-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    common.put("CAPTIOND_CLUSTER_HOST", "127.0.0.1");
    common.put("CAPTIOND_CLUSTER_MEMBERS", members.toString());
    apiEnv.putAll(common);
    apiEnv.put("CAPTIOND_NODE_ROLES", "api");
    apiEnv.put("CAPTIOND_CLUSTER_HAZELCAST_PORT", Integer.toString(apiHazelcast));
    apiEnv.put("CAPTIOND_HTTP_PORT", Integer.toString(freePort()));
    apiEnv.put("CAPTIOND_RTMP_PORT", Integer.toString(freePort()));
    apiEnv.put("CAPTIOND_RTMP_MAX_CONNECTIONS_PER_IP", Integer.toString(streams + 4));
  }

  /** Starts both workers, then the api node, and waits until the api node has heard both. */
  void start() throws Exception {
    for (int i = 0; i < WORKERS; i++) {
      startWorker(i);
    }
    for (int i = 0; i < WORKERS; i++) {
      awaitReady(i);
    }
    startApi();
  }

  ServerApi api() {
    return client;
  }

  String base() {
    return api.base();
  }

  void startApi() throws Exception {
    api = ServerProcess.start(ServerProcess.jarCommand(jar), data.resolve("api"), TOKEN,
        Path.of("models/silero_vad_v5.onnx"), apiEnv, Deadline.in("api node start", 120_000));
    client = new ServerApi(api.base(), TOKEN);
    client.awaitHealthy(Deadline.in("api node health", 60_000));
    awaitWorkersHeard(WORKERS, Deadline.in("both workers heard by the api node", 60_000));
  }

  /** {@code kill -9} ({@code forcibly}) or SIGTERM to the api node; returns once it has exited. */
  void stopApi(boolean forcibly) throws Exception {
    ProcessHandle handle = ProcessHandle.of(api.pid()).orElseThrow();
    if (forcibly) {
      handle.destroyForcibly();
    } else {
      handle.destroy();
    }
    handle.onExit().get(60, TimeUnit.SECONDS);
  }

  /** Starts a worker; one killed before comes back on its port and data folder, its log appended to. */
  void startWorker(int worker) throws IOException {
    Path dir = data.resolve("asr-" + worker);
    Files.createDirectories(dir);
    logLinesAtStart[worker] = Files.exists(workerLog(worker)) ? Files.readAllLines(workerLog(worker)).size() : 0;
    ProcessBuilder builder = new ProcessBuilder(ServerProcess.javaBinary(), "-Xmx512m", "-jar", jar.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(workerLog(worker).toFile()));
    Map<String, String> env = builder.environment();
    env.putAll(common);
    env.put("CAPTIOND_NODE_ROLES", "asr");
    env.put("CAPTIOND_CLUSTER_HAZELCAST_PORT", Integer.toString(workerPorts[worker]));
    env.put("CAPTIOND_DATA_DIR", dir.toAbsolutePath().toString());
    env.put("CAPTIOND_API_TOKEN", TOKEN);
    env.put("CAPTIOND_VAD_MODEL", Path.of("models/silero_vad_v5.onnx").toAbsolutePath().toString());
    workers[worker] = Processes.track(builder.start());
  }

  /** Waits for the worker's "ready: engines" line from its latest start (the log is appended to). */
  private void awaitReady(int worker) throws Exception {
    Deadline deadline = Deadline.in("asr worker " + worker + " ready", 120_000);
    while (Files.readAllLines(workerLog(worker)).stream().skip(logLinesAtStart[worker])
        .noneMatch(l -> l.contains("ready: engines"))) {
      if (!workers[worker].isAlive()) {
        throw new HarnessException("asr worker " + worker + " exited while starting; see " + workerLog(worker));
      }
      deadline.check("asr worker " + worker + "'s 'ready: engines' line");
      deadline.sleep(200);
    }
  }

  /** {@code kill -9} to a worker: no goodbye to the cluster. */
  void killWorker(int worker) throws Exception {
    workers[worker].destroyForcibly();
    workers[worker].waitFor(30, TimeUnit.SECONDS);
  }

  /** {@code kill -STOP} or {@code kill -CONT} to a worker. */
  void signalWorker(int worker, String signal) throws Exception {
    run("kill", "-" + signal, Long.toString(workers[worker].pid()));
  }

  /**
   * Limits the size of every file the api node writes ({@code RLIMIT_FSIZE}, soft limit; the hard limit stays
   * unlimited, so that an unprivileged caller can lift it again): a write past {@code bytes} fails with EFBIG
   * (the JVM ignores SIGXFSZ), as writes fail on a full disk. {@code -1} lifts the limit.
   */
  void limitApiFileSize(long bytes) throws Exception {
    run("prlimit", "--pid", Long.toString(api.pid()), "--fsize=" + (bytes < 0 ? "unlimited" : bytes) + ":unlimited");
  }

  /** The ASR nodes the api node lists in {@code GET /api/engines}. */
  int workersHeard() {
    try {
      return client.engines().getJsonArray("nodes").size();
    } catch (Exception e) {
      return 0;
    }
  }

  private void awaitWorkersHeard(int count, Deadline deadline) throws Exception {
    while (workersHeard() < count) {
      deadline.check(count + " ASR nodes in GET /api/engines");
      deadline.sleep(250);
    }
  }

  Path workerLog(int worker) {
    return data.resolve("asr-" + worker + ".log");
  }

  @Override
  public void close() {
    if (api != null) {
      api.close();
    }
    for (Process worker : workers) {
      if (worker != null) {
        try {
          run("kill", "-CONT", Long.toString(worker.pid()));
        } catch (Exception e) {
          // gone already
        }
        Processes.stop(worker, 10_000);
      }
    }
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new HarnessException(String.join(" ", command) + " failed: " + output.strip());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
