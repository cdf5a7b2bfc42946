package io.captiond.app;

import io.captiond.api.ApiVerticle;
import io.captiond.api.MetricsSettings;
import io.captiond.asr.EngineCatalog;
import io.captiond.asr.AsrWorkerVerticle;
import io.captiond.captions.CueLayout;
import io.captiond.files.OwnerOnly;
import io.captiond.ingest.hls.HlsSettings;
import io.captiond.ingest.publish.RtmpIngestSettings;
import io.captiond.ingest.publish.RtmpIngestServer;
import io.captiond.ingest.srt.SrtPorts;
import io.captiond.ingest.srt.SrtSettings;
import io.captiond.ingest.pull.PullSettings;
import io.captiond.ingest.rtmp.RtmpSettings;
import io.captiond.session.Retention;
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
import java.util.Set;
import java.util.logging.Logger;

/**
 * One captiond node: reads the configuration, loads the models its roles need, starts Vert.x
 * (clustered when configured) and deploys the verticles of its roles: {@code api} (HTTP API and
 * stream sessions) and {@code asr} (ASR workers).
 */
public final class Captiond implements AutoCloseable {

  public static final String ROLE_API = NodeSettings.ROLE_API;
  public static final String ROLE_ASR = NodeSettings.ROLE_ASR;
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
   * Starts a node; blocks until it serves. Configuration errors are thrown as {@link ConfigException},
   * naming the full key, before anything listens. The settings records read the keys; this class only
   * composes the node.
   */
  public static Captiond start(Config config) throws Exception {
    NodeSettings node = NodeSettings.from(config);
    Path dataDir = node.dataDir();
    try {
      OwnerOnly.createDirectories(dataDir);
    } catch (java.io.IOException e) {
      throw new ConfigException(NodeSettings.DATA_DIR, "cannot create " + dataDir.toAbsolutePath() + ": " + e.getMessage());
    }
    MetricsSettings metricsSettings = NodeSettings.metrics(config);
    String token = ApiToken.resolve(node.token(), dataDir);
    int concurrency = node.asrConcurrency();
    VadSettings vadSettings = node.runs(ROLE_API) ? IngestSettings.vad(config) : null;
    PolicyFactory policies = CaptionSettings.policies(config);
    CueLayout.Config cues = CaptionSettings.cues(config);
    PullSettings pull = IngestSettings.pull(config);
    HlsSettings hls = IngestSettings.hls(config);
    RtmpIngestSettings rtmpIngest = IngestSettings.rtmpIngest(config);
    SrtSettings srt = IngestSettings.srt(config);
    RtmpSettings rtmpConfig = node.runs(ROLE_API) ? IngestSettings.rtmp(config) : null;
    Set<String> roles = node.roles();

    SileroVad vad = null;
    EngineCatalog engines = null;
    Vertx vertx = null;
    RtmpIngestServer rtmp = null;
    try {
      if (vadSettings != null) {
        vad = loadVad(vadSettings);
      }
      if (roles.contains(ROLE_ASR)) {
        engines = Engines.load(config, concurrency);
      }
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      meters.config().meterFilter(metricsSettings.streamMeters());
      VertxBuilder builder = Vertx.builder()
          .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true))
              .setEventBusOptions(Clustering.eventBusOptions(config)))
          .withMetrics(new MicrometerMetricsFactory(meters));
      vertx = node.clustered()
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
        Retention retention = ConfigException.keyed(() -> Retention.parse(config.string(Retention.KEY)));
        SessionServices services = new SessionServices(vad, vadSettings, policies, cues, pull, rtmpIngest, dataDir,
            meters, node.asrTimeoutMs(), node.maxQueuedFinals(), hls, IngestSettings.subtitles(config, rtmpIngest),
            new SrtPorts(srt));
        Set<String> known = new HashSet<>(Engines.declaredNames(config));
        api = new ApiVerticle(new ApiVerticle.Settings(node.httpHost(), node.httpPort(), node.maxBodyBytes(),
            token, Set.copyOf(pull.allowedSchemes()), known, hls, node.publicHost(), rtmpPort,
            Engines.languages(engines, config), metricsSettings),
            new StreamRegistry(vertx, services, retention), meters, engines,
            engines == null ? null : Engines.whisperLoader(Engines.whisperSettings(config)));
        vertx.deployVerticle(api).await();
      }
      LOG.info(() -> "captiond started: roles " + roles + (node.clustered() ? ", clustered" : ""));
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

  /** The management port serving {@code /metrics}; -1 when it is served on the HTTP port (or no api role). */
  public int metricsPort() {
    return api == null ? -1 : api.metricsPort();
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

  private static SileroVad loadVad(VadSettings settings) {
    Path model = settings.model();
    if (!Files.isRegularFile(model)) {
      throw new ConfigException(VadSettings.MODEL, "no VAD model at " + model.toAbsolutePath()
          + "; fetch it with: models/fetch-models.sh silero-vad");
    }
    try {
      return SileroVad.load(model, settings.threads());
    } catch (io.captiond.vad.VadException e) {
      throw new ConfigException(VadSettings.MODEL, e.getMessage());
    }
  }

  private static int listen(RtmpIngestServer rtmp, RtmpSettings config) throws InterruptedException {
    try {
      return rtmp.start().get(10, java.util.concurrent.TimeUnit.SECONDS).getPort();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ConfigException(IngestSettings.RTMP_PORT, "cannot listen on " + config.host() + ":" + config.port() + ": " + cause);
    }
  }
}
