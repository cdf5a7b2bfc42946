package io.captiond.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * A Netty server {@link SslContext} (for RTMPS) from the PEM files, rebuilt by {@link #reloadIfChanged()}
 * when they change: each new connection takes the context current when it is accepted.
 */
public final class NettyTls implements Supplier<SslContext> {

  private static final Logger LOG = Logger.getLogger(NettyTls.class.getName());

  private final PemPair pem;
  private volatile SslContext context;

  /** Reads the files now; a file that cannot be read or used fails here, at start-up. */
  public NettyTls(TlsSettings settings) throws IOException {
    this.pem = settings.pem();
    this.context = build();
  }

  @Override
  public SslContext get() {
    return context;
  }

  /** Rebuilds the context if the files changed; keeps the old one if the new files are not usable. */
  public void reloadIfChanged() {
    if (!pem.changed()) {
      return;
    }
    try {
      context = build();
      LOG.info(() -> "RTMPS certificate reloaded from " + pem);
    } catch (IOException | RuntimeException e) {
      LOG.warning(() -> "RTMPS keeps its certificate: " + pem + " is not usable: " + e.getMessage());
    }
  }

  private SslContext build() throws IOException {
    PemPair.Contents contents = pem.read();
    try {
      return SslContextBuilder.forServer(new ByteArrayInputStream(contents.cert()),
          new ByteArrayInputStream(contents.key())).build();
    } catch (IllegalArgumentException | javax.net.ssl.SSLException e) {
      throw new IOException("cannot use " + pem + " as a certificate and key: " + e.getMessage(), e);
    }
  }
}
