package io.captiond.app;

import io.captiond.api.ApiVerticle;
import io.captiond.api.HttpLimits;
import io.captiond.api.MetricsSettings;
import io.captiond.asr.EngineCatalog;
import io.captiond.asr.AsrWorkerVerticle;
import io.captiond.asr.WorkerDirectory;
import io.captiond.captions.CueLayout;
import io.captiond.files.OwnerOnly;
import io.captiond.ingest.hls.HlsSettings;
import io.captiond.ingest.publish.RtmpIngestSettings;
import io.captiond.ingest.publish.RtmpIngestServer;
import io.captiond.ingest.srt.SrtPorts;
import io.captiond.ingest.srt.SrtSettings;
import io.captiond.ingest.pull.PullSettings;
import io.captiond.ingest.rtmp.RtmpSettings;
import io.captiond.onnx.OnnxEnvironment;
import io.captiond.session.AsrDeadlines;
import io.captiond.tls.HttpTls;
import io.captiond.tls.TlsSettings;
import io.captiond.session.Retention;
import io.captiond.session.SessionServices;
import io.captiond.session.StreamRegistry;
import io.captiond.translate.TranslationCatalog;
import io.captiond.translate.TranslationDirectory;
import io.captiond.translate.TranslationNodeVerticle;
import io.captiond.translate.TranslationSettings;
import io.captiond.session.PolicyFactory;
import io.captiond.vad.SileroVad;
import io.captiond.vad.VadSettings;
import io.captiond.viewers.ViewerSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One captiond node: reads the configuration, loads the models its roles need, starts Vert.x
 * (clustered when configured) and deploys the verticles of its roles: {@code api} (HTTP API and
 * stream sessions), {@code asr} (ASR workers) and {@code mt} (translation workers).
 */
public final class Captiond implements AutoCloseable {

  public static final String ROLE_API = NodeSettings.ROLE_API;
  public static final String ROLE_ASR = NodeSettings.ROLE_ASR;
  public static final String ROLE_MT = NodeSettings.ROLE_MT;
  private static final Logger LOG = Logger.getLogger(Captiond.class.getName());

  private final Vertx vertx;
  private final SileroVad vad;
  private final EngineCatalog engines;
  private final ApiVerticle api;
  private final String token;
  private final RtmpIngestServer rtmp;
  private final int rtmpPort;
  private final long drainMs;
  private final RtmpsServer rtmps;

  private Captiond(Vertx vertx, SileroVad vad, EngineCatalog engines, ApiVerticle api, String token,
      RtmpIngestServer rtmp, int rtmpPort, long drainMs, RtmpsServer rtmps) {
    this.rtmps = rtmps;
    this.vertx = vertx;
    this.vad = vad;
    this.engines = engines;
    this.api = api;
    this.token = token;
    this.rtmp = rtmp;
    this.rtmpPort = rtmpPort;
    this.drainMs = drainMs;
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
    HttpLimits httpLimits = NodeSettings.httpLimits(config);
    ViewerSettings viewers = NodeSettings.viewers(config);
    String token = ApiToken.resolve(node.token(), dataDir);
    int concurrency = node.asrConcurrency();
    VadSettings vadSettings = node.runs(ROLE_API) ? IngestSettings.vad(config) : null;
    io.captiond.vad.VadBatching vadBatching = node.runs(ROLE_API) ? IngestSettings.vadBatching(config) : null;
    PolicyFactory policies = CaptionSettings.policies(config);
    CueLayout.Config cues = CaptionSettings.cues(config);
    PullSettings pull = IngestSettings.pull(config);
    HlsSettings hls = IngestSettings.hls(config);
    RtmpIngestSettings rtmpIngest = IngestSettings.rtmpIngest(config);
    SrtSettings srt = IngestSettings.srt(config);
    RtmpSettings rtmpConfig = node.runs(ROLE_API) ? IngestSettings.rtmp(config) : null;
    Set<String> roles = node.roles();
    long drainMs = ShutdownSettings.drainMs(config);
    TlsSettings tls = TlsConfig.tls(config);
    TranslationSettings translation = TranslateSettings.from(config);

    // before anything opens an ONNX Runtime session: the shared pool is sized once, when it is made
    OnnxEnvironment.sizeSharedPool(Engines.whisperSettings(config).threads());
    SileroVad vad = null;
    EngineCatalog engines = null;
    Vertx vertx = null;
    RtmpIngestServer rtmp = null;
    RtmpsServer rtmps = null;
    try {
      if (vadSettings != null) {
        vad = loadVad(vadSettings);
        vad.startBatching(vadBatching);
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
      HazelcastClusterManager cluster = node.clustered() ? Clustering.clusterManager(config) : null;
      vertx = cluster != null ? builder.withClusterManager(cluster).buildClustered().await() : builder.build();
      Codecs.registerAll(vertx.eventBus());
      WorkerDirectory workers = new WorkerDirectory();
      workers.listen(vertx);
      if (cluster != null) {
        Clustering.announceDepartures(cluster, vertx);
      }

      if (roles.contains(ROLE_ASR)) {
        vertx.deployVerticle(new AsrWorkerVerticle(engines, new AsrWorkerVerticle.Settings(Clustering.nodeId(cluster),
            concurrency, node.asrMaxQueuedWindows(), Engines.whisperLoader(Engines.whisperSettings(config))),
            meters)).await();
      }
      if (roles.contains(ROLE_MT)) {
        TranslationCatalog catalog = new TranslationCatalog();
        vertx.deployVerticle(new TranslationNodeVerticle(catalog, translation, meters)).await();
      }
      ApiVerticle api = null;
      int rtmpPort = -1;
      if (roles.contains(ROLE_API)) {
        io.captiond.media.FfmpegLibraries.load();
        rtmp = new RtmpIngestServer(vertx, rtmpConfig);
        rtmpPort = listen(rtmp, rtmpConfig);
        rtmps = RtmpsServer.startIfWanted(vertx, rtmpConfig, tls);
        Retention retention = ConfigException.keyed(() -> Retention.parse(config.string(Retention.KEY)));
        SessionServices services = new SessionServices(vad, vadSettings, policies, cues, pull, rtmpIngest, dataDir,
            meters, new AsrDeadlines(workers, node.asrTimeoutMs(), node.asrMaxRealTimeFactor()), node.maxQueuedFinals(),
            hls, IngestSettings.subtitles(config, rtmpIngest), translation, new TranslationDirectory(vertx),
            OutputConfig.outputs(config), new SrtPorts(srt));
        Set<String> known = new HashSet<>(Engines.declaredNames(config));
        api = new ApiVerticle(new ApiVerticle.Settings(node.httpHost(), node.httpPort(), node.maxBodyBytes(),
            token, pull, known, hls, node.publicHost(), rtmpPort,
            Engines.languages(engines, config), metricsSettings, httpLimits, viewers,
            tls.http() ? new HttpTls(tls) : null),
            new StreamRegistry(vertx, services, retention), meters, engines, workers);
        vertx.deployVerticle(api).await();
      }
      LOG.info(() -> "captiond started: roles " + roles + (node.clustered() ? ", clustered" : ""));
      return new Captiond(vertx, vad, engines, api, token, rtmp, rtmpPort, drainMs, rtmps);
    } catch (Exception | Error e) {
      if (rtmps != null) {
        rtmps.stop();
      }
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

  /** The RTMPS port actually bound; -1 when {@code tls.rtmps_port} runs none. */
  public int rtmpsPort() {
    return rtmps == null ? -1 : rtmps.port();
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

  /**
   * A drained stop (SIGTERM): RTMP and HTTP stop accepting, every stream decodes its open speech to the
   * end and publishes its last captions and subtitle segments, viewers are closed with 1001 and a reason,
   * the streams are kept to resume on restart; then the node closes. Takes at most
   * {@link ShutdownSettings#DRAIN_MS} for the drain, plus the close.
   */
  public void shutdown() {
    long started = System.nanoTime();
    try {
      if (rtmp != null) {
        rtmp.stop().get(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      LOG.warning(() -> "stopping the RTMP server: " + e);
    }
    LOG.info(() -> "shutting down: RTMP closed after " + (System.nanoTime() - started) / 1_000_000 + " ms;"
        + " draining the streams (at most " + drainMs + " ms, " + ShutdownSettings.DRAIN_MS + ")");
    if (api != null) {
      try {
        api.drain(drainMs).toCompletionStage().toCompletableFuture()
            .get(drainMs + 2_000, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warning(() -> "draining the streams: " + e);
      }
    }
    LOG.info(() -> "drained in " + (System.nanoTime() - started) / 1_000_000 + " ms; closing");
    close();
    LOG.info(() -> "stopped in " + (System.nanoTime() - started) / 1_000_000 + " ms");
  }

  @Override
  public void close() {
    try {
      if (rtmps != null) {
        rtmps.stop();
      }
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
