package io.captiond.api;

import io.captiond.settings.Check;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/**
 * What one stranger can cost the HTTP server ({@code http.*} keys, named by the constants below): connections,
 * how long an idle one is kept, the size of a request's head, and the threads and queue of blocking work that
 * anonymous requests (subtitle files, caption replays, playlists) may use. The body limit is
 * {@code http.max_body_bytes}, applied by the API's body handler.
 *
 * @param maxConnections open HTTP connections (WebSockets included) the server keeps; more are closed at once
 * @param idleTimeoutSeconds a connection with nothing read or written for this long is closed (caption feeds
 *     are pinged at half of it, so a quiet stream's viewers stay)
 * @param maxHeaderBytes the most a request's headers may take; more is refused (431)
 * @param maxInitialLineBytes the most its request line may take; more is refused (414)
 * @param blockingThreads threads of the pool that reads files for anonymous requests
 * @param maxBlockingJobs jobs that pool may hold, running and waiting; more are answered 503
 */
public record HttpLimits(int maxConnections, int idleTimeoutSeconds, int maxHeaderBytes, int maxInitialLineBytes,
    int blockingThreads, int maxBlockingJobs) {

  public static final String MAX_CONNECTIONS = "http.max_connections";
  public static final String IDLE_TIMEOUT_SECONDS = "http.idle_timeout_seconds";
  public static final String MAX_HEADER_BYTES = "http.max_header_bytes";
  public static final String MAX_INITIAL_LINE_BYTES = "http.max_initial_line_bytes";
  public static final String BLOCKING_THREADS = "http.blocking_threads";
  public static final String MAX_BLOCKING_JOBS = "http.max_blocking_jobs";
  /** A viewer sends nothing but control frames: a larger frame is a protocol error. */
  static final int MAX_WEBSOCKET_FRAME_BYTES = 4096;

  public HttpLimits {
    Check.range(MAX_CONNECTIONS, "connections", maxConnections, 1, 1_000_000);
    Check.range(IDLE_TIMEOUT_SECONDS, "idle timeout", idleTimeoutSeconds, 2, 86_400);
    Check.range(MAX_HEADER_BYTES, "header bytes", maxHeaderBytes, 1024, 1 << 20);
    Check.range(MAX_INITIAL_LINE_BYTES, "request line bytes", maxInitialLineBytes, 256, 1 << 16);
    Check.range(BLOCKING_THREADS, "threads", blockingThreads, 1, 256);
    Check.range(MAX_BLOCKING_JOBS, "jobs", maxBlockingJobs, blockingThreads, 100_000);
  }

  public static HttpLimits defaults() {
    return new HttpLimits(10_000, 60, 8192, 4096, 4, 256);
  }

  /** The server options for the API port, these limits applied. */
  HttpServerOptions serverOptions(String host, int port) {
    return new HttpServerOptions().setHost(host).setPort(port)
        .setIdleTimeout(idleTimeoutSeconds).setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setMaxHeaderSize(maxHeaderBytes).setMaxInitialLineLength(maxInitialLineBytes)
        .setMaxFormAttributeSize(1024)
        .setMaxWebSocketFrameSize(MAX_WEBSOCKET_FRAME_BYTES).setMaxWebSocketMessageSize(MAX_WEBSOCKET_FRAME_BYTES);
  }
}
