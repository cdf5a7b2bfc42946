package io.captiond.app;

import io.captiond.api.ApiVerticle;
import io.captiond.asr.EngineCatalog;
import io.captiond.asr.AsrWorkerVerticle;
import io.captiond.captions.CueLayout;
import io.captiond.captions.hls.SubtitleRendition;
import io.captiond.ingest.hls.HlsConfig;
import io.captiond.ingest.publish.RtmpIngestConfig;
import io.captiond.ingest.publish.RtmpIngestServer;
import io.captiond.ingest.pull.PullSettings;
import io.captiond.ingest.rtmp.RtmpConfig;
import io.captiond.media.HlsRemuxer;
import io.captiond.session.SessionServices;
import io.captiond.session.StreamRegistry;
import io.captiond.session.PolicyFactory;
import io.captiond.vad.SileroVad;
import io.captiond.vad.VadSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One captiond node: reads the configuration, loads the models its roles need, starts Vert.x
 * (clustered when configured) and deploys the verticles of its roles: {@code api} (HTTP API and
 * stream sessions) and {@code asr} (ASR workers).
 */
public final class Captiond implements AutoCloseable {

  public static final String ROLE_API = "api";
  public static final String ROLE_ASR = "asr";
  private static final Logger LOG = Logger.getLogger(Captiond.class.getName());

  private final Vertx vertx;
  private final SileroVad vad;
  private final EngineCatalog engines;
  private final ApiVerticle api;
  private final String token;
  private final RtmpIngestServer rtmp;
  private final int rtmpPort;

  private Captiond(Vertx vertx, SileroVad vad, EngineCatalog engines, ApiVerticle api, String token,
      RtmpIngestServer rtmp, int rtmpPort) {
    this.vertx = vertx;
    this.vad = vad;
    this.engines = engines;
    this.api = api;
    this.token = token;
    this.rtmp = rtmp;
    this.rtmpPort = rtmpPort;
  }

  /**
   * Starts a node; blocks until it serves. Configuration errors are thrown as {@link ConfigException}
   * before anything listens.
   */
  public static Captiond start(Config config) throws Exception {
    Set<String> roles = roles(config);
    Path dataDir = Path.of(config.string("data.dir"));
    try {
      Files.createDirectories(dataDir);
    } catch (java.io.IOException e) {
      throw new ConfigException("data.dir", "cannot create " + dataDir.toAbsolutePath() + ": " + e.getMessage());
    }
    String token = ApiToken.resolve(config.string("api.token"), dataDir);
    int concurrency = config.integer("asr.concurrency", 1, 256);
    VadSettings vadConfig = roles.contains(ROLE_API) ? vadConfig(config) : null;
    PolicyFactory policies = CaptionSettings.policies(config);
    CueLayout.Config cues = CaptionSettings.cues(config);
    PullSettings pull = pullConfig(config);
    HlsConfig hls = hlsConfig(config);
    RtmpIngestConfig rtmpIngest = rtmpIngestConfig(config);
    RtmpConfig rtmpConfig = roles.contains(ROLE_API) ? rtmpConfig(config) : null;

    SileroVad vad = null;
    EngineCatalog engines = null;
    Vertx vertx = null;
    RtmpIngestServer rtmp = null;
    try {
      if (vadConfig != null) {
        vad = loadVad(vadConfig);
      }
      if (roles.contains(ROLE_ASR)) {
        engines = Engines.load(config, concurrency);
      }
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      VertxBuilder builder = Vertx.builder()
          .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true))
              .setEventBusOptions(Clustering.eventBusOptions(config)))
          .withMetrics(new MicrometerMetricsFactory(meters));
      vertx = config.bool("cluster.enabled")
          ? builder.withClusterManager(Clustering.clusterManager(config)).buildClustered().await()
          : builder.build();
      Codecs.registerAll(vertx.eventBus());

      if (roles.contains(ROLE_ASR)) {
        vertx.deployVerticle(new AsrWorkerVerticle(engines, concurrency, meters)).await();
      }
      ApiVerticle api = null;
      int rtmpPort = -1;
      if (roles.contains(ROLE_API)) {
        rtmp = new RtmpIngestServer(vertx, rtmpConfig);
        rtmpPort = listen(rtmp, rtmpConfig);
        SessionServices services = new SessionServices(vad, vadConfig, policies, cues, pull, rtmpIngest, dataDir,
            meters, config.integer("asr.timeout_ms", 100, 3_600_000), config.integer("asr.max_queued_finals", 1, 10_000),
            hls, subtitles(config, rtmpIngest));
        Set<String> known = new HashSet<>(Engines.declaredNames(config));
        api = new ApiVerticle(new ApiVerticle.Settings(config.string("http.host"),
            config.integer("http.port", 0, 65535), config.integer("http.max_body_bytes", 1024, 16 << 20),
            token, Set.copyOf(pull.allowedSchemes()), known, hls, config.string("rtmp.public_host"), rtmpPort),
            new StreamRegistry(vertx, services), meters, engines,
            engines == null ? null : Engines.whisperLoader(Engines.whisperSettings(config)));
        vertx.deployVerticle(api).await();
      }
      LOG.info(() -> "captiond started: roles " + roles + (config.bool("cluster.enabled") ? ", clustered" : ""));
      return new Captiond(vertx, vad, engines, api, token, rtmp, rtmpPort);
    } catch (Exception | Error e) {
      if (rtmp != null) {
        rtmp.stop().get(10, java.util.concurrent.TimeUnit.SECONDS);
      }
      if (vertx != null) {
        vertx.close().await();
      }
      if (engines != null) {
        engines.close();
      }
      if (vad != null) {
        vad.close();
      }
      throw e;
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The HTTP port actually bound (useful with {@code http.port: 0}); -1 on a node without the api role. */
  public int httpPort() {
    return api == null ? -1 : api.actualPort();
  }

  /** The RTMP port actually bound (useful with {@code rtmp.port: 0}); -1 on a node without the api role. */
  public int rtmpPort() {
    return rtmpPort;
  }

  public String apiToken() {
    return token;
  }

  /** The ASR engines this node serves; {@code null} on a node without the asr role. */
  public EngineCatalog engines() {
    return engines;
  }

  @Override
  public void close() {
    try {
      if (rtmp != null) {
        rtmp.stop().get(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      LOG.warning(() -> "stopping the RTMP server: " + e);
    }
    try {
      vertx.close().await();
    } finally {
      if (engines != null) {
        engines.close();
      }
      if (vad != null) {
        vad.close();
      }
    }
  }

  private static Set<String> roles(Config config) {
    List<String> roles = config.list("node.roles");
    for (String role : roles) {
      if (!role.equals(ROLE_API) && !role.equals(ROLE_ASR)) {
        throw new ConfigException("node.roles", "unknown role '" + role + "'; roles are api and asr");
      }
    }
    if (roles.isEmpty()) {
      throw new ConfigException("node.roles", "a node needs at least one role: api, asr");
    }
    return Set.copyOf(roles);
  }

  private static VadSettings vadConfig(Config config) {
    double threshold = config.decimal("vad.threshold");
    if (threshold <= 0 || threshold >= 1) {
      throw new ConfigException("vad.threshold", "must be between 0 and 1 (exclusive), was " + threshold);
    }
    try {
      return new VadSettings(Path.of(config.string("vad.model")), (float) threshold,
          config.integer("vad.min_silence_ms", 32, 10_000), config.integer("vad.min_speech_ms", 0, 10_000),
          config.integer("vad.speech_pad_ms", 0, 2_000), config.integer("vad.threads", 1, 64));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("vad", e.getMessage());
    }
  }

  private static SileroVad loadVad(VadSettings vadConfig) {
    Path model = vadConfig.model();
    if (!Files.isRegularFile(model)) {
      throw new ConfigException("vad.model", "no VAD model at " + model.toAbsolutePath()
          + "; fetch it with: models/fetch-models.sh silero-vad");
    }
    try {
      return SileroVad.load(model, vadConfig.threads());
    } catch (io.captiond.vad.VadException e) {
      throw new ConfigException("vad.model", e.getMessage());
    }
  }

  private static int listen(RtmpIngestServer rtmp, RtmpConfig config) throws InterruptedException {
    try {
      return rtmp.start().get(10, java.util.concurrent.TimeUnit.SECONDS).getPort();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ConfigException("rtmp.port", "cannot listen on " + config.host() + ":" + config.port() + ": " + cause);
    }
  }

  private static RtmpConfig rtmpConfig(Config config) {
    try {
      return RtmpConfig.builder().host(config.string("rtmp.host")).port(config.integer("rtmp.port", 0, 65535))
          .maxConnectionsPerIp(config.integer("rtmp.max_connections_per_ip", 1, 100_000)).build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("rtmp", e.getMessage());
    }
  }

  private static SubtitleRendition.Settings subtitles(Config config, RtmpIngestConfig rtmp) {
    return new SubtitleRendition.Settings(config.bool("hls_out.subtitles"),
        config.integer("hls_out.subtitle_holdback_ms", 0, 60_000), rtmp.hls().windowSegments(),
        rtmp.hls().segmentSeconds());
  }

  private static RtmpIngestConfig rtmpIngestConfig(Config config) {
    try {
      return new RtmpIngestConfig(config.bool("rtmp.allow_takeover"),
          config.integer("rtmp.reconnect_grace_ms", 0, 3_600_000),
          config.integer("rtmp.audio_buffer_bytes", 16 << 10, 256 << 20),
          config.integer("rtmp.media_buffer_bytes", 64 << 10, 1 << 30),
          config.integer("pull.chunk_ms", 20, 1_000), config.bool("hls_out.enabled"),
          new HlsRemuxer.Settings(config.integer("hls_out.segment_seconds", 1, 60),
              config.integer("hls_out.window_segments", 2, 1_000)),
          config.bool("rtmp.decode_audio"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("rtmp.decode_audio", e.getMessage());
    }
  }

  private static PullSettings pullConfig(Config config) {
    return new PullSettings(Set.copyOf(config.list("pull.allowed_schemes")),
        config.integer("pull.chunk_ms", 20, 1_000), config.integer("pull.read_timeout_ms", 100, 600_000), 50);
  }

  private static HlsConfig hlsConfig(Config config) {
    int playlistBytes = config.integer("hls.playlist_max_bytes", 1024, 64 << 20);
    int playlistSegments = config.integer("hls.playlist_max_segments", 1, 1_000_000);
    int segmentBytes = config.integer("hls.segment_max_bytes", 1024, Integer.MAX_VALUE);
    int timeoutMs = config.integer("hls.segment_timeout_ms", 100, 600_000);
    int retries = config.integer("hls.retries", 0, 10);
    int failures = config.integer("hls.max_consecutive_failures", 1, 1_000);
    try {
      return new HlsConfig(config.list("hls.allowed_hosts"), playlistBytes, playlistSegments, segmentBytes,
          timeoutMs, retries, failures);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("hls.allowed_hosts", e.getMessage());
    }
  }
}
