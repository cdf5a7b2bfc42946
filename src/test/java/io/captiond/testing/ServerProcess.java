package io.captiond.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A captiond node in a child JVM, as an operator runs it ({@code java ... io.captiond.app.Main --config FILE}),
 * so that a test can kill it (-9) or stop it (SIGTERM) and start it again on the same data folder and ports.
 * It runs {@code target/captiond.jar} when the jar is there and {@code captiond.use_jar} is set; otherwise
 * the test class path with the same main class.
 */
public final class ServerProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final ApiClient api;

  private ServerProcess(Process process, Path log, ApiClient api) {
    this.process = process;
    this.log = log;
    this.api = api;
  }

  /** Free loopback ports for HTTP and RTMP, kept across restarts by the caller. */
  public record Ports(int http, int rtmp) {
    public static Ports free() throws IOException {
      try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
        return new Ports(a.getLocalPort(), b.getLocalPort());
      }
    }
  }

  /** Starts a node on {@code data} and {@code ports}; {@code extraYaml} is appended to the config; waits for /health. */
  public static ServerProcess start(Path data, Ports ports, String extraYaml) throws Exception {
    Path config = data.resolveSibling(data.getFileName() + "-config.yaml");
    Files.writeString(config, """
        http:
          host: 127.0.0.1
          port: %d
        rtmp:
          host: 127.0.0.1
          port: %d
        data:
          dir: "%s"
        api:
          token: "%s"
        vad:
          model: "%s"
        """.formatted(ports.http(), ports.rtmp(), data, TestServer.TOKEN, Fixtures.sileroVad()) + extraYaml);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    String logging = System.getProperty("java.util.logging.config.file");
    if (logging != null) {
      command.add("-Djava.util.logging.config.file=" + logging);
    }
    Path jar = Path.of("target", "captiond.jar");
    if (Boolean.getBoolean("captiond.use_jar") && Files.isRegularFile(jar)) {
      command.addAll(List.of("-jar", jar.toString()));
    } else {
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.captiond.app.Main"));
    }
    command.addAll(List.of("--config", config.toString()));
    System.out.println("starting captiond: " + (command.contains("-jar") ? "java -jar " + jar : "the test class path"));
    Path log = Files.createTempFile("captiond", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    ApiClient api = new ApiClient("http://127.0.0.1:" + ports.http(), TestServer.TOKEN);
    ServerProcess server = new ServerProcess(process, log, api);
    server.awaitHealthy(Duration.ofSeconds(60));
    return server;
  }

  private void awaitHealthy(Duration timeout) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("captiond exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.base() + "/health"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("captiond not healthy within " + timeout + ":\n" + log());
  }

  public ApiClient api() {
    return api;
  }

  /** kill -9: no hook runs, nothing is flushed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM: the node drains (its shutdown hook) and exits. */
  public void terminate() {
    process.destroy();
  }

  /** Waits for the process to exit; its exit code, or -1 if it did not exit in time. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** What the node logged so far. */
  public String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
