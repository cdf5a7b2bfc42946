package io.captiond.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A captiond node in a process of its own ({@code java -cp <test class path> io.captiond.app.Main}),
 * configured through {@code CAPTIOND_*} variables, its output in a file: something a test can
 * {@code kill -9}, stop and continue.
 */
public final class NodeProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private NodeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts a node with {@code settings} (key → value, e.g. {@code node.roles → asr}); its output goes to {@code log}. */
  public static NodeProcess start(Map<String, String> settings, Path log) throws IOException {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(javaBin, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        "io.captiond.app.Main").redirectErrorStream(true).redirectOutput(log.toFile());
    settings.forEach((key, value) -> builder.environment()
        .put("CAPTIOND_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));
    return new NodeProcess(builder.start(), log);
  }

  public long pid() {
    return process.pid();
  }

  public String output() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** Waits until the output holds {@code text}; fails if the process exits or time runs out. */
  public void awaitOutput(String text, Duration timeout) throws Exception {
    long until = System.nanoTime() + timeout.toNanos();
    while (!output().contains(text)) {
      if (!process.isAlive() || System.nanoTime() > until) {
        throw new AssertionError("no '" + text + "' from node " + pid() + " (alive " + process.isAlive() + "):\n"
            + output());
      }
      Thread.sleep(100);
    }
  }

  /** {@code kill -9}: no shutdown hook, no goodbye to the cluster. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** {@code kill -STOP} or {@code kill -CONT}. */
  public void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder(List.of("kill", "-" + name, Long.toString(pid()))).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + pid() + " failed");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      try {
        signal("CONT");
      } catch (IOException e) {
        // already gone
      }
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
