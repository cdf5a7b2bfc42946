package io.captiond.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import java.util.logging.Logger;

/**
 * Closes a new HTTP connection at once while {@code http.max_connections} are open, so strangers holding
 * connections cannot take the server's memory and file descriptors. One server, one event loop: a plain count.
 */
final class ConnectionCap implements Handler<HttpConnection> {

  private static final Logger LOG = Logger.getLogger(ConnectionCap.class.getName());

  private final int max;
  private int open;
  private long refused;

  ConnectionCap(int max) {
    this.max = max;
  }

  @Override
  public void handle(HttpConnection connection) {
    if (open >= max) {
      refused++;
      if (Long.bitCount(refused) == 1) { // 1, 2, 4, 8, ...: bounded logging under a flood
        LOG.warning(() -> "HTTP connection refused: " + open + " open (http.max_connections); " + refused
            + " refused so far");
      }
      connection.close();
      return;
    }
    open++;
    connection.closeHandler(v -> open--);
  }

  int open() {
    return open;
  }
}
