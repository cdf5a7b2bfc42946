package io.captiond.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.captiond.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness fails loudly, and in bounded time, when the server or a client misbehaves. The two cases that wait
 * out time bounds (about 40 s together) are tagged slow (-Pall-tests).
 */
class LoadHarnessFailuresTest {

  @TempDir
  Path dir;

  @Test
  void unreachableServerFailsWithAMessage() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String err = runFailing("--url", "http://127.0.0.1:" + closedPort, "--token", "t", "--streams", "1",
        "--seconds", "10", "--source", "pull");
    assertTrue(err.contains("server unreachable at http://127.0.0.1:" + closedPort), err);
  }

  @Test
  @Tag("slow") // 24 s: waits out the harness's own time bounds
  void serverThatHangsEndsTheRunByItsTimeBound() throws Exception {
    HttpServer stuck = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stuck.createContext("/health", exchange -> {
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write("{}".getBytes());
      exchange.close();
    });
    stuck.createContext("/", exchange -> {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    stuck.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    stuck.start();
    try {
      String err = runFailing("--url", "http://127.0.0.1:" + stuck.getAddress().getPort(), "--token", "t",
          "--streams", "1", "--seconds", "10", "--source", "pull");
      assertTrue(err.contains("FAILED"), err);
    } finally {
      stuck.stop(0);
    }
  }

  @Test
  @Tag("slow") // 18 s: starts a server and waits for captions that never come
  void viewerWithoutCaptionsFailsTheRun() throws Exception {
    // a VAD that never hears speech: the stream runs but no caption is ever made
    String err = runFailing("--streams", "1", "--seconds", "10", "--source", "pull", "--launch", "classpath",
        "--drain-s", "2", "--vad-model", Fixtures.sileroVad().toString(),
        "--server-env", "CAPTIOND_VAD_THRESHOLD=0.9999", "--server-env", "CAPTIOND_VAD_MIN_SPEECH_MS=10000");
    assertTrue(err.contains("got no captions"), err);
  }

  @Test
  void publisherThatCannotReachTheServerIsReportedDead() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Speech.Script script = new Speech(dir.resolve("speech"), 1200).script(0, 10);
    StartClock clock = new StartClock();
    try (Publisher publisher = Publisher.start(script, "rtmp://127.0.0.1:" + closedPort + "/live/k", false,
        dir.resolve("publisher.log"), clock)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!publisher.finished() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      HarnessException dead = assertThrows(HarnessException.class, () -> publisher.checkHealthy("s1"));
      assertTrue(dead.getMessage().contains("publisher of stream s1"), dead.getMessage());
    }
  }

  private String runFailing(String... args) throws Exception {
    Options options = Options.parse(withDirs(args));
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true));
    int status;
    try {
      status = Assertions.assertTimeoutPreemptively(Duration.ofMinutes(2), () -> Harness.run(options));
    } finally {
      System.setErr(original);
    }
    String err = captured.toString();
    original.print(err);
    assertEquals(Harness.FAILED, status, "exit status for: " + err);
    return err;
  }

  private String[] withDirs(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--out";
    all[args.length + 1] = dir.resolve("out").toString();
    all[args.length + 2] = "--work";
    all[args.length + 3] = dir.resolve("work").toString();
    return all;
  }
}
