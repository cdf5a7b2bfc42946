package io.captiond.app;

import io.captiond.api.HttpLimits;
import io.captiond.api.MetricsSettings;
import io.captiond.settings.Check;
import io.captiond.viewers.ViewerPolicy;
import io.captiond.viewers.ViewerSettings;
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
 * @param asrTimeoutMs the least time a window is given before it is retried once, 100 to 3 600 000
 * @param asrMaxRealTimeFactor added to that per second of the window's audio, 0.1 to 100
 * @param asrMaxQueuedWindows windows an ASR worker accepts at once before it answers busy, 1 to 100 000
 * @param maxQueuedFinals final windows waiting per stream before the oldest is skipped, 1 to 10 000
 * @param httpPort 0 to 65 535 (0 picks a free port)
 * @param token the API bearer token: empty (one is generated) or at least 32 characters
 * @param maxBodyBytes largest API request body, 1 KiB to 16 MiB
 * @param publicHost host named in RTMP publish URLs; empty: the Host header the client used
 */
record NodeSettings(Set<String> roles, Path dataDir, String token, String defaultEngine, int asrConcurrency,
    int asrTimeoutMs, double asrMaxRealTimeFactor, int asrMaxQueuedWindows, int maxQueuedFinals, String httpHost, int httpPort, int maxBodyBytes, String publicHost,
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
  static final String ASR_MAX_REALTIME_FACTOR = "asr.max_realtime_factor";
  static final String ASR_MAX_QUEUED_WINDOWS = "asr.max_queued_windows";
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
    Check.require(ASR_MAX_REALTIME_FACTOR, asrMaxRealTimeFactor >= 0.1 && asrMaxRealTimeFactor <= 100,
        "real-time factor must be 0.1 to 100, got " + asrMaxRealTimeFactor);
    Check.range(ASR_MAX_QUEUED_WINDOWS, "max queued windows", asrMaxQueuedWindows, 1, 100_000);
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
        config.integer(ASR_TIMEOUT_MS), config.decimal(ASR_MAX_REALTIME_FACTOR), config.integer(ASR_MAX_QUEUED_WINDOWS),
        config.integer(ASR_MAX_QUEUED_FINALS), config.string(HTTP_HOST),
        config.integer(HTTP_PORT), config.integer(HTTP_MAX_BODY_BYTES), config.string(RTMP_PUBLIC_HOST),
        config.bool(Clustering.ENABLED)));
  }

  /** {@code metrics.*}: where {@code /metrics} is served and whether it labels series by stream. */
  static MetricsSettings metrics(Config config) {
    return ConfigException.keyed(() -> new MetricsSettings(config.string(MetricsSettings.HOST),
        config.integer(MetricsSettings.PORT), config.bool(MetricsSettings.PER_STREAM_LABELS)));
  }

  /** {@code http.*} limits beyond the port and the body size. */
  static HttpLimits httpLimits(Config config) {
    return ConfigException.keyed(() -> new HttpLimits(
        config.integer(HttpLimits.MAX_CONNECTIONS),
        config.integer(HttpLimits.IDLE_TIMEOUT_SECONDS),
        config.integer(HttpLimits.MAX_HEADER_BYTES),
        config.integer(HttpLimits.MAX_INITIAL_LINE_BYTES),
        config.integer(HttpLimits.BLOCKING_THREADS),
        config.integer(HttpLimits.MAX_BLOCKING_JOBS)));
  }

  /** {@code viewers.*}: the default viewer policy, token lives, viewer caps, the WebSocket Origin allowlist. */
  static ViewerSettings viewers(Config config) {
    return ConfigException.keyed(() -> new ViewerSettings(
        policy(config.string(ViewerSettings.DEFAULT_POLICY)),
        config.longValue(ViewerSettings.DEFAULT_TOKEN_SECONDS), config.longValue(ViewerSettings.MAX_TOKEN_SECONDS),
        config.integer(ViewerSettings.MAX_PER_STREAM), config.integer(ViewerSettings.MAX_PER_ADDRESS),
        config.list(ViewerSettings.ALLOWED_ORIGINS)));
  }

  private static ViewerPolicy policy(String text) {
    try {
      return ViewerPolicy.fromWire(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ViewerSettings.DEFAULT_POLICY, e.getMessage());
    }
  }

  boolean runs(String role) {
    return roles.contains(role);
  }
}
