package io.captiond.app;

import io.captiond.api.MetricsSettings;
import io.captiond.settings.Check;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What a node is and how it serves: its roles ({@code node.roles}), where it keeps data, the HTTP
 * server ({@code http.*}; {@code metrics.*} through {@link #metrics}), the API token and the ASR
 * limits ({@code asr.*}). Each field is checked here
 * once, and a bad value names its key.
 *
 * @param roles {@link #ROLE_API}, {@link #ROLE_ASR} and/or {@link #ROLE_MT}
 * @param asrConcurrency windows transcribed at once by this node's ASR workers, 1 to 256
 * @param asrTimeoutMs how long a session waits for a transcript before retrying once, 100 to 3 600 000
 * @param maxQueuedFinals final windows waiting per stream before the oldest is skipped, 1 to 10 000
 * @param httpPort 0 to 65 535 (0 picks a free port)
 * @param token the API bearer token: empty (one is generated) or at least 32 characters
 * @param maxBodyBytes largest API request body, 1 KiB to 16 MiB
 * @param publicHost host named in RTMP publish URLs; empty: the Host header the client used
 */
record NodeSettings(Set<String> roles, Path dataDir, String token, String defaultEngine, int asrConcurrency,
    int asrTimeoutMs, int maxQueuedFinals, String httpHost, int httpPort, int maxBodyBytes, String publicHost,
    boolean clustered) {

  static final String ROLE_API = "api";
  static final String ROLE_ASR = "asr";
  static final String ROLE_MT = "mt";

  static final String ROLES = "node.roles";
  static final String DATA_DIR = "data.dir";
  static final String API_TOKEN = "api.token";
  static final String ASR_ENGINE = "asr.engine";
  static final String ASR_CONCURRENCY = "asr.concurrency";
  static final String ASR_TIMEOUT_MS = "asr.timeout_ms";
  static final String ASR_MAX_QUEUED_FINALS = "asr.max_queued_finals";
  static final String HTTP_HOST = "http.host";
  static final String HTTP_PORT = "http.port";
  static final String HTTP_MAX_BODY_BYTES = "http.max_body_bytes";
  static final String RTMP_PUBLIC_HOST = "rtmp.public_host";

  NodeSettings {
    roles = Set.copyOf(roles);
    for (String role : roles) {
      Check.require(ROLES, role.equals(ROLE_API) || role.equals(ROLE_ASR) || role.equals(ROLE_MT),
          "unknown role '" + role + "'; roles are api, asr and mt");
    }
    Check.require(ROLES, !roles.isEmpty(), "a node needs at least one role: api, asr, mt");
    Check.range(ASR_CONCURRENCY, "concurrency", asrConcurrency, 1, 256);
    Check.range(ASR_TIMEOUT_MS, "timeout", asrTimeoutMs, 100, 3_600_000);
    Check.range(ASR_MAX_QUEUED_FINALS, "max queued finals", maxQueuedFinals, 1, 10_000);
    Check.range(HTTP_PORT, "port", httpPort, 0, 65_535);
    Check.range(HTTP_MAX_BODY_BYTES, "max body bytes", maxBodyBytes, 1024, 16 << 20);
    // a short token can be guessed over the network; empty means one is generated
    Check.require(API_TOKEN, token.isBlank() || token.strip().length() >= ApiToken.MIN_LENGTH,
        "token must be at least " + ApiToken.MIN_LENGTH + " characters, got " + token.strip().length()
            + " (leave it empty to have one generated)");
  }

  static NodeSettings from(Config config) {
    List<String> roles = config.list(ROLES);
    return ConfigException.keyed(() -> new NodeSettings(Set.copyOf(roles), Path.of(config.string(DATA_DIR)),
        config.string(API_TOKEN), config.string(ASR_ENGINE), config.integer(ASR_CONCURRENCY),
        config.integer(ASR_TIMEOUT_MS), config.integer(ASR_MAX_QUEUED_FINALS), config.string(HTTP_HOST),
        config.integer(HTTP_PORT), config.integer(HTTP_MAX_BODY_BYTES), config.string(RTMP_PUBLIC_HOST),
        config.bool(Clustering.ENABLED)));
  }

  /** {@code metrics.*}: where {@code /metrics} is served and whether it labels series by stream. */
  static MetricsSettings metrics(Config config) {
    return ConfigException.keyed(() -> new MetricsSettings(config.string(MetricsSettings.HOST),
        config.integer(MetricsSettings.PORT), config.bool(MetricsSettings.PER_STREAM_LABELS)));
  }

  boolean runs(String role) {
    return roles.contains(role);
  }
}
