package io.captiond.tls;

import io.captiond.settings.Check;
import java.nio.file.Path;

/**
 * TLS of the public ports (keys {@code tls.*}, named by the constants below).
 *
 * @param certFile PEM certificate chain, leaf first; {@code null} when TLS is not configured
 * @param keyFile PEM private key (PKCS#8 {@code BEGIN PRIVATE KEY} or PKCS#1 RSA) of the leaf
 * @param http serve the API port as HTTPS (and its WebSockets as WSS) instead of plain HTTP
 * @param rtmpsPort port of an RTMPS server beside the plain RTMP one; -1 runs none, 0 picks one
 * @param reloadMs how often the two files are checked for changes, 100 to 3 600 000
 */
public record TlsSettings(Path certFile, Path keyFile, boolean http, int rtmpsPort, long reloadMs) {

  public static final String CERT_FILE = "tls.cert_file";
  public static final String KEY_FILE = "tls.key_file";
  public static final String HTTP = "tls.http";
  public static final String RTMPS_PORT = "tls.rtmps_port";
  public static final String RELOAD_MS = "tls.reload_ms";

  public TlsSettings {
    Check.require(CERT_FILE, (certFile == null) == (keyFile == null),
        "tls.cert_file and tls.key_file are set together or not at all");
    Check.require(CERT_FILE, certFile != null || !http && rtmpsPort < 0,
        "tls.http or tls.rtmps_port needs tls.cert_file and tls.key_file (PEM)");
    Check.range(RTMPS_PORT, "rtmps port", rtmpsPort, -1, 65_535);
    Check.range(RELOAD_MS, "reload interval", reloadMs, 100, 3_600_000);
  }

  /** No TLS: plain HTTP and RTMP only. */
  public static TlsSettings off() {
    return new TlsSettings(null, null, false, -1, 10_000);
  }

  public PemPair pem() {
    return new PemPair(certFile, keyFile);
  }
}
