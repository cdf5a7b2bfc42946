package io.captiond.ingest.publish;

import io.captiond.ingest.rtmp.RtmpSettings;
import io.captiond.ingest.rtmp.RtmpServer;
import io.netty.handler.ssl.SslContext;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The RTMP server of a node with the api role: publishers connect here and are routed to their
 * streams by key. The RTMP protocol runs on its own Netty event loops ({@link RtmpServer}); each
 * connection talks to the rest of the node over the event bus and its stream's bounded pipes.
 */
public final class RtmpIngestServer {

  private static final long AUTHORIZE_TIMEOUT_MS = 5_000;

  private final RtmpServer server;

  public RtmpIngestServer(Vertx vertx, RtmpSettings config) {
    this(vertx, config, null);
  }

  /** An RTMPS server when {@code tls} is given (its own port, the same limits and streams). */
  public RtmpIngestServer(Vertx vertx, RtmpSettings config, Supplier<SslContext> tls) {
    this.server = new RtmpServer(config, remote ->
        new PublisherConnection(vertx, remote.toString(), AUTHORIZE_TIMEOUT_MS), tls);
  }

  /** Binds; completes with the bound address (the real port when configured with 0). */
  public CompletableFuture<InetSocketAddress> start() {
    return server.start();
  }

  public CompletableFuture<Void> stop() {
    return server.stop();
  }
}
