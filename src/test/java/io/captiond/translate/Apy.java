package io.captiond.translate;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Apertium APy (Debian's {@code apertium-apy}) started for a test on a free port, and the
 * {@code apertium} command line to check its translations against.
 */
final class Apy implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/apertium-apy");
  static final Path MODES = Path.of("/usr/share/apertium/modes");

  final int port;
  private final Path log;
  private Process process;

  private Apy(int port) throws IOException {
    this.port = port;
    this.log = Files.createTempFile("apertium-apy", ".log");
  }

  /** Starts APy on a free port and waits until it lists its pairs. */
  static Apy start() throws Exception {
    assumeTrue(Files.isExecutable(BINARY), BINARY + " is not installed (scripts/install-deps.sh installs it)");
    Apy apy = new Apy(freePort());
    apy.restart();
    return apy;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts APy again on the same port (after {@link #kill}), and waits until it answers. */
  void restart() throws Exception {
    process = new ProcessBuilder(BINARY.toString(), "-p", Integer.toString(port), MODES.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < giveUp) {
      if (!process.isAlive()) {
        throw new IllegalStateException("apertium-apy exited with " + process.exitValue() + ": "
            + Files.readString(log));
      }
      try {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url() + "/listPairs")).build(),
            HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("apertium-apy did not answer /listPairs within 30 s: " + Files.readString(log));
  }

  /** Kills APy and waits until it is gone. */
  void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws Exception {
    kill();
    Files.deleteIfExists(log);
  }

  /** What {@code echo TEXT | apertium MODE} prints, without its final newline. */
  static String commandLine(String mode, String text) throws Exception {
    return run(text, "apertium", mode);
  }

  /** What {@code echo TEXT | apertium -u MODE} prints: unknown words not marked with {@code *}. */
  static String commandLineUnmarked(String mode, String text) throws Exception {
    return run(text, "apertium", "-u", mode);
  }

  private static String run(String text, String... command) throws Exception {
    Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
    cli.getOutputStream().write((text + "\n").getBytes(StandardCharsets.UTF_8));
    cli.getOutputStream().close();
    String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!cli.waitFor(30, TimeUnit.SECONDS) || cli.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
