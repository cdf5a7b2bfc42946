package io.captiond.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's nginx with libnginx-mod-rtmp as a test's RTMP server: on a free loopback port, application
 * {@code live}, recording every publish to its own FLV under {@code rec/}. It can be killed and
 * started again on the same port.
 */
public final class NginxRtmp implements AutoCloseable {

  public static final Path NGINX = Path.of("/usr/sbin/nginx");
  public static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");

  private final Path dir;
  private final int port;
  private Process process;

  private NginxRtmp(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  public static boolean installed() {
    return Files.isExecutable(NGINX) && Files.exists(MODULE);
  }

  public static NginxRtmp start(Path dir) throws Exception {
    Files.createDirectories(dir.resolve("rec"));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
        "daemon off;", "master_process off;", "worker_processes 1;",
        "pid " + dir.resolve("nginx.pid") + ";", "error_log " + dir.resolve("error.log") + " info;",
        "load_module " + MODULE + ";", "events { worker_connections 256; }",
        "rtmp { server { listen 127.0.0.1:" + port + "; application live { live on; record all;",
        "  record_path " + dir.resolve("rec") + "; record_unique on; } } }", ""));
    NginxRtmp nginx = new NginxRtmp(dir, port);
    nginx.launch();
    return nginx;
  }

  /** Starts it again after {@link #kill}. */
  public void launch() throws Exception {
    process = new ProcessBuilder(NGINX.toString(), "-e", dir.resolve("error.log").toString(),
        "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nginx.out").toFile()))
        .start();
    long end = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        if (System.nanoTime() > end) {
          throw new AssertionError("nginx is not listening on " + port + " after 10 s");
        }
        Thread.sleep(100);
      }
    }
  }

  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  public String url(String key) {
    return "rtmp://127.0.0.1:" + port + "/live/" + key;
  }

  /** The recordings so far, oldest first. */
  public List<Path> recordings() {
    try (Stream<Path> files = Files.list(dir.resolve("rec"))) {
      return files.filter(f -> f.toString().endsWith(".flv"))
          .sorted(Comparator.comparingLong(f -> f.toFile().lastModified())).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      kill();
    }
  }
}
