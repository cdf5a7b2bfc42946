package io.captiond.testing;

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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apertium APy (Debian's {@code apertium-apy}, with the pairs {@code scripts/install-deps.sh}
 * installs) on a free loopback port, started and stopped by the test; and the {@code apertium} command
 * line, the same engine, for the expected translations.
 */
public final class Apertium implements AutoCloseable {

  public static final Path MODES = Path.of("/usr/share/apertium/modes");

  private final int port;
  private final Path logFile;
  private Process process;

  private Apertium(int port, Path logFile) {
    this.port = port;
    this.logFile = logFile;
  }

  /** Starts APy and waits until it lists its pairs. */
  public static Apertium start(Path logFile) throws Exception {
    AssertionError last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      Apertium apertium = new Apertium(port, logFile);
      try {
        apertium.restart();
        return apertium;
      } catch (AssertionError e) {
        apertium.close();
        last = e;
        if (!e.getMessage().contains("Address already in use")) {
          throw e;
        }
      }
    }
    throw last;
  }

  /**
   * A port APy can bind on every interface. Outside the ephemeral range (32768-60999 on Linux): a port from
   * there may be taken by some client socket between the check and APy's bind on a busy machine, and APy
   * binds the wildcard address, which any socket on that port blocks.
   */
  private static int freePort() throws IOException {
    java.util.Random random = new java.util.Random();
    for (int tries = 0; tries < 100; tries++) {
      int port = 20_000 + random.nextInt(12_000);
      try (ServerSocket socket = new ServerSocket(port)) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // another
      }
    }
    throw new IOException("no free port for apertium-apy in 20000-31999");
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts it again on the same port (after {@link #kill}). */
  public void restart() throws Exception {
    process = new ProcessBuilder("apertium-apy", "-p", Integer.toString(port), MODES.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> pairs = http.send(HttpRequest.newBuilder(URI.create(url() + "/listPairs"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (pairs.statusCode() == 200 && pairs.body().contains("\"spa\"")) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      if (!process.isAlive()) {
        throw new AssertionError("apertium-apy exited: " + Files.readString(logFile));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("apertium-apy did not list its pairs within 60 s: " + Files.readString(logFile));
  }

  /** Kills APy at once (and the pipelines it started). */
  public void kill() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** What {@code echo TEXT | apertium PAIR} prints, trimmed: the expected translation. */
  public static String cli(String pair, String text) throws IOException, InterruptedException {
    Process cli = new ProcessBuilder(List.of("apertium", pair)).redirectErrorStream(true).start();
    cli.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    cli.getOutputStream().close();
    String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!cli.waitFor(60, TimeUnit.SECONDS) || cli.exitValue() != 0) {
      throw new IOException("apertium " + pair + " failed: " + out);
    }
    return out.strip();
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      kill();
    }
  }
}
