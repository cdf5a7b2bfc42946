package io.captiond.ingest.hls;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP origin for tests (the JDK's own server) on 127.0.0.1: serves folders of files and
 * hostile answers: endless bodies, redirects, stalls, errors.
 */
final class HlsOrigin implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
  private final Map<String, Path> folders = new ConcurrentHashMap<>();
  /** Bytes written by all endless bodies so far. */
  final AtomicLong endlessBytes = new AtomicLong();
  /** Requests served so far. */
  final AtomicInteger requests = new AtomicInteger();

  private HlsOrigin(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static HlsOrigin start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread thread = new Thread(r, "hls-origin");
      thread.setDaemon(true);
      return thread;
    });
    HlsOrigin origin = new HlsOrigin(server, executor);
    server.createContext("/", origin::handle);
    server.setExecutor(executor);
    server.start();
    return origin;
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** Files of {@code dir} under {@code prefix/}, read at request time (a live encoder keeps writing). */
  HlsOrigin folder(String prefix, Path dir) {
    folders.put(prefix.endsWith("/") ? prefix : prefix + "/", dir);
    return this;
  }

  HlsOrigin text(String path, String body) {
    return bytes(path, body.getBytes(StandardCharsets.UTF_8));
  }

  HlsOrigin bytes(String path, byte[] body) {
    routes.put(path, exchange -> send(exchange, 200, body));
    return this;
  }

  HlsOrigin status(String path, int status) {
    routes.put(path, exchange -> send(exchange, status, new byte[0]));
    return this;
  }

  HlsOrigin redirect(String path, String location) {
    routes.put(path, exchange -> {
      exchange.getResponseHeaders().add("Location", location);
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    return this;
  }

  /** A chunked body that never ends, until the client goes away. */
  HlsOrigin endless(String path) {
    routes.put(path, exchange -> {
      exchange.sendResponseHeaders(200, 0);
      byte[] block = new byte[64 * 1024];
      java.util.Arrays.fill(block, (byte) 0x47);
      try (OutputStream out = exchange.getResponseBody()) {
        while (true) {
          out.write(block);
          endlessBytes.addAndGet(block.length);
        }
      } catch (IOException clientLeft) {
        exchange.close();
      }
    });
    return this;
  }

  /** Headers and a few bytes, then nothing for {@code stallMs}. */
  HlsOrigin stall(String path, long stallMs) {
    routes.put(path, exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(new byte[100]);
        out.flush();
        Thread.sleep(stallMs);
      } catch (IOException | InterruptedException e) {
        exchange.close();
      }
    });
    return this;
  }

  HlsOrigin route(String path, HttpHandler handler) {
    routes.put(path, handler);
    return this;
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    if (exchange.getRequestMethod().equals("OPTIONS")) { // a CORS preflight, as a CDN answers it (Range probes)
      exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
      exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
      exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Range, Content-Type");
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
      return;
    }
    String path = exchange.getRequestURI().getPath();
    HttpHandler route = routes.get(path);
    if (route != null) {
      route.handle(exchange);
      return;
    }
    for (Map.Entry<String, Path> folder : folders.entrySet()) {
      if (path.startsWith(folder.getKey())) {
        Path file = folder.getValue().resolve(path.substring(folder.getKey().length())).normalize();
        if (file.startsWith(folder.getValue()) && Files.isRegularFile(file)) {
          byte[] body;
          try {
            body = Files.readAllBytes(file);
          } catch (IOException deletedMeanwhile) {
            send(exchange, 404, new byte[0]);
            return;
          }
          send(exchange, 200, body);
          return;
        }
      }
    }
    send(exchange, 404, new byte[0]);
  }

  static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    // As a CDN serves players on other sites (captiond's player page fetches the source's segments).
    exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
    exchange.getResponseHeaders().set("Access-Control-Expose-Headers", "Content-Length, Content-Range");
    boolean head = exchange.getRequestMethod().equals("HEAD"); // headers only (players probe with HEAD)
    if (head && body.length > 0) {
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
    }
    exchange.sendResponseHeaders(status, body.length == 0 || head ? -1 : body.length);
    if (body.length > 0 && !head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
