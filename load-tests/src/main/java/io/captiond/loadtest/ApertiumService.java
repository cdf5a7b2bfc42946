package io.captiond.loadtest;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Debian's {@code apertium-apy} on a free loopback port, for the run's translations; stopped at the end. */
final class ApertiumService implements AutoCloseable {

  private final Process process;
  private final int port;

  private ApertiumService(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static ApertiumService start(Path work) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path log = Files.createDirectories(work).resolve("apertium-apy.log");
    Process process = new ProcessBuilder("apertium-apy", "-p", Integer.toString(port), "/usr/share/apertium/modes")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ApertiumService service = new ApertiumService(process, port);
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        HttpResponse<String> pairs = http.send(HttpRequest.newBuilder(URI.create(service.url() + "/listPairs"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (pairs.statusCode() == 200) {
          return service;
        }
      } catch (IOException notYet) {
        // starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    service.close();
    throw new HarnessException("apertium-apy did not start (see " + log + ")");
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
