package io.captiond.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A captiond the harness starts as a child process, so that {@code /proc/<pid>} figures are the
 * server's own: free HTTP and RTMP ports, its own data folder and token, configured only through
 * {@code CAPTIOND_*} environment variables. Its log goes to a file beside the data.
 */
final class ServerProcess implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("HTTP listening on [^:\\s]+:(\\d+)");

  private final Process process;
  private final Path log;
  private final String base;

  private ServerProcess(Process process, Path log, String base) {
    this.process = process;
    this.log = log;
    this.base = base;
  }

  /**
   * Starts the server with {@code command} (a java command line) and waits until it serves.
   *
   * @param env CAPTIOND_* settings on top of the harness's own (ports, data, token, VAD model)
   */
  static ServerProcess start(List<String> command, Path dataDir, String token, Path vadModel, Map<String, String> env,
      Deadline deadline) throws IOException {
    Files.createDirectories(dataDir);
    Path log = dataDir.resolve("captiond.log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> environment = builder.environment();
    environment.put("CAPTIOND_HTTP_PORT", "0");
    environment.put("CAPTIOND_HTTP_HOST", "127.0.0.1");
    environment.put("CAPTIOND_RTMP_PORT", "0");
    environment.put("CAPTIOND_DATA_DIR", dataDir.toAbsolutePath().toString());
    environment.put("CAPTIOND_API_TOKEN", token);
    environment.put("CAPTIOND_VAD_MODEL", vadModel.toAbsolutePath().toString());
    environment.putAll(env);
    Process process = Processes.track(builder.start());
    ServerProcess server = null;
    try {
      while (server == null) {
        Matcher port = LISTENING.matcher(Files.readString(log));
        if (port.find()) {
          server = new ServerProcess(process, log, "http://127.0.0.1:" + port.group(1));
        } else if (!process.isAlive()) {
          throw new HarnessException("server exited with status " + process.exitValue() + " while starting: "
              + tail(log));
        } else {
          deadline.check("the server's 'HTTP listening' log line; log so far: " + tail(log));
          deadline.sleep(100);
        }
      }
      return server;
    } finally {
      if (server == null) {
        Processes.stop(process, 2000);
      }
    }
  }

  /** {@code java -jar <jar>} */
  static List<String> jarCommand(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new HarnessException("no server jar at " + jar.toAbsolutePath()
          + "; build it with: mvn -q -ntp -DskipTests package");
    }
    return List.of(javaBinary(), "-jar", jar.toString());
  }

  /** {@code java -cp <this JVM's class path> io.captiond.app.Main}: the server classes the tests run on. */
  static List<String> classpathCommand() {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", System.getProperty("java.class.path"),
        "io.captiond.app.Main"));
    return command;
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  String base() {
    return base;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** The end of the server's log, for messages. */
  String logTail() {
    return tail(log);
  }

  Path log() {
    return log;
  }

  @Override
  public void close() {
    Processes.stop(process, 10_000);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
