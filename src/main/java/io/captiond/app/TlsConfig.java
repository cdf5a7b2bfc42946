package io.captiond.app;

import io.captiond.tls.TlsSettings;
import java.nio.file.Path;

/** Reads the {@code tls.*} keys into {@link TlsSettings}, which owns their names and checks. */
final class TlsConfig {

  private TlsConfig() {}

  static TlsSettings tls(Config config) {
    String cert = config.string(TlsSettings.CERT_FILE);
    String key = config.string(TlsSettings.KEY_FILE);
    return ConfigException.keyed(() -> new TlsSettings(cert.isEmpty() ? null : Path.of(cert),
        key.isEmpty() ? null : Path.of(key), config.bool(TlsSettings.HTTP), config.integer(TlsSettings.RTMPS_PORT),
        config.integer(TlsSettings.RELOAD_MS)));
  }
}
