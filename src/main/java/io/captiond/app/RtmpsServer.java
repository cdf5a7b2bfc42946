package io.captiond.app;

import io.captiond.ingest.publish.RtmpIngestServer;
import io.captiond.ingest.rtmp.RtmpSettings;
import io.captiond.tls.NettyTls;
import io.captiond.tls.TlsSettings;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The RTMPS server of a node: the RTMP ingest server on {@code tls.rtmps_port} behind an
 * {@code SslHandler}, with the RTMP server's limits, its certificate reloaded when the files change.
 */
final class RtmpsServer {

  private final Vertx vertx;
  private final RtmpIngestServer server;
  private final long reloadTimer;
  private final int port;

  private RtmpsServer(Vertx vertx, RtmpIngestServer server, long reloadTimer, int port) {
    this.vertx = vertx;
    this.server = server;
    this.reloadTimer = reloadTimer;
    this.port = port;
  }

  /** Starts it when {@code tls.rtmps_port} asks for one; {@code null} otherwise. */
  static RtmpsServer startIfWanted(Vertx vertx, RtmpSettings rtmp, TlsSettings tls) throws InterruptedException {
    if (tls.rtmpsPort() < 0) {
      return null;
    }
    NettyTls context;
    try {
      context = new NettyTls(tls);
    } catch (IOException e) {
      throw new ConfigException(TlsSettings.CERT_FILE, e.getMessage());
    }
    RtmpSettings settings = rtmp.toBuilder().port(tls.rtmpsPort()).build();
    RtmpIngestServer server = new RtmpIngestServer(vertx, settings, context);
    int port;
    try {
      port = server.start().get(10, TimeUnit.SECONDS).getPort();
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ConfigException(TlsSettings.RTMPS_PORT, "cannot listen on " + settings.host() + ":"
          + settings.port() + ": " + cause);
    }
    long timer = vertx.setPeriodic(tls.reloadMs(), id -> vertx.executeBlocking(() -> {
      context.reloadIfChanged();
      return null;
    }));
    return new RtmpsServer(vertx, server, timer, port);
  }

  int port() {
    return port;
  }

  void stop() throws Exception {
    vertx.cancelTimer(reloadTimer);
    server.stop().get(10, TimeUnit.SECONDS);
  }
}
