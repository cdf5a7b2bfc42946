package io.captiond.tls;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Logger;

/**
 * HTTPS and WSS on the API port: the certificate and key are read from the PEM files when the
 * server starts and again whenever they change, and the running server takes the new ones for
 * the connections that follow (no restart, open connections untouched).
 */
public final class HttpTls {

  private static final Logger LOG = Logger.getLogger(HttpTls.class.getName());

  private final TlsSettings settings;
  private final PemPair pem;

  public HttpTls(TlsSettings settings) {
    this.settings = settings;
    this.pem = settings.pem();
  }

  /** {@code options} serving TLS with the files' current certificate. */
  public HttpServerOptions apply(HttpServerOptions options) {
    return options.setSsl(true).setKeyCertOptions(keyCert());
  }

  /** Checks the files every {@link TlsSettings#reloadMs()} and re-keys {@code server} when they change. */
  public void keepFresh(Vertx vertx, HttpServer server) {
    vertx.setPeriodic(settings.reloadMs(), id -> {
      if (!pem.changed()) {
        return;
      }
      PemKeyCertOptions next;
      try {
        next = keyCert();
      } catch (UncheckedIOException e) {
        LOG.warning(() -> "HTTPS keeps its certificate: cannot read " + pem + ": " + e.getCause().getMessage());
        return;
      }
      server.updateSSLOptions(new ServerSSLOptions().setKeyCertOptions(next), true)
          .onSuccess(updated -> LOG.info(() -> "HTTPS certificate reloaded from " + pem))
          .onFailure(e -> LOG.warning(() -> "HTTPS keeps its certificate: " + pem + " is not usable: " + e));
    });
  }

  private PemKeyCertOptions keyCert() {
    try {
      PemPair.Contents contents = pem.read();
      return new PemKeyCertOptions().addCertValue(Buffer.buffer(contents.cert()))
          .addKeyValue(Buffer.buffer(contents.key()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
