package io.captiond.api;

import io.captiond.asr.EngineCatalog;
import io.captiond.asr.LanguageSupport;
import io.captiond.ingest.hls.HlsSettings;
import io.captiond.session.StreamRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The HTTP face of a node: the control API under {@code /api} (bearer token), the WebSocket caption
 * feeds, the subtitle files, {@code /metrics} (Prometheus: behind the same token, or alone on a
 * management port, see {@link MetricsSettings}) and {@code /health}. It owns the stream registry,
 * which is used only on this verticle's event loop.
 */
public final class ApiVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(ApiVerticle.class.getName());

  /** What the API needs from the node that runs it. */
  /**
   * @param rtmpPublicHost host named in RTMP publish URLs; empty: the host the API client used
   * @param rtmpPort the RTMP server's port, -1 when this node runs none
   * @param languages what an engine ({@code null}: the default one) transcribes, for checking streams
   * @param metrics where {@code /metrics} is served
   */
  public record Settings(String host, int port, long maxBodyBytes, String token, Set<String> allowedSchemes,
      Set<String> engines, HlsSettings hls, String rtmpPublicHost, int rtmpPort,
      Function<String, LanguageSupport> languages, MetricsSettings metrics) {}

  private final Settings settings;
  private final StreamRegistry registry;
  private final PrometheusMeterRegistry meters;
  private final EngineCatalog engines;
  private final EngineCatalog.Loader loader;
  private HttpServer server;
  private HttpServer managementServer;

  public ApiVerticle(Settings settings, StreamRegistry registry, PrometheusMeterRegistry meters) {
    this(settings, registry, meters, null, null);
  }

  /**
   * @param engines this node's ASR engines, for {@code /api/engines}; {@code null} on a node without ASR workers
   * @param loader loads a model folder for {@code POST /api/engines}
   */
  public ApiVerticle(Settings settings, StreamRegistry registry, PrometheusMeterRegistry meters,
      EngineCatalog engines, EngineCatalog.Loader loader) {
    this.settings = settings;
    this.registry = registry;
    this.meters = meters;
    this.engines = engines;
    this.loader = loader;
  }

  @Override
  public Future<?> start() {
    EnginesApi engineApi = new EnginesApi(vertx, engines, loader, settings.engines());
    StreamsApi streams = new StreamsApi(registry, settings.allowedSchemes(), engineApi::names, settings.languages(),
        settings.hls(),
        new StreamsApi.RtmpAddress(settings.rtmpPublicHost(), settings.rtmpPort()));
    HlsFiles hls = new HlsFiles(vertx, registry);
    CaptionFeed feed = new CaptionFeed(vertx, registry);
    SubtitleFiles files = new SubtitleFiles(vertx, registry);
    PlayerPage player = new PlayerPage(registry);

    Router router = Router.router(vertx);
    BearerAuth admin = new BearerAuth(settings.token());
    MetricsEndpoint metrics = new MetricsEndpoint(vertx, meters);
    router.route("/api/*").handler(admin);
    router.route("/api/*").handler(BodyHandler.create().setBodyLimit(settings.maxBodyBytes()));
    router.post("/api/streams").handler(streams::create);
    router.get("/api/streams").handler(streams::list);
    router.get("/api/streams/:id").handler(streams::get);
    router.delete("/api/streams/:id").handler(streams::delete);
    router.get("/api/streams/:id/outputs").handler(OutputsApi::get);
    router.post("/api/streams/:id/outputs").handler(OutputsApi::add);
    router.delete("/api/streams/:id/outputs/:output").handler(OutputsApi::remove);
    router.get("/api/engines").handler(engineApi::list);
    router.post("/api/engines").handler(engineApi::load);
    router.get("/ws/streams/:id/captions").handler(feed::handle);
    router.get("/streams/:id/captions.vtt").handler(files::webVtt);
    router.get("/streams/:id/captions.srt").handler(files::srt);
    router.get("/hls/:id/:file").handler(hls::handle);
    router.get("/streams/:id/status").handler(player::status);
    router.get("/player/assets/:file").handler(player::asset);
    router.get("/player/:id").handler(player::page);
    if (settings.metrics().onApiPort()) {
      // the per-stream labels name every stream id, and an id is what guards a stream
      router.get("/metrics").handler(admin).handler(metrics);
    }
    router.get("/health").handler(this::health);
    router.route().last().handler(ctx -> ApiErrors.send(ctx, 404, "no such resource: " + ctx.request().path()));
    router.errorHandler(500, ctx -> {
      LOG.log(java.util.logging.Level.WARNING, "request failed: " + ctx.request().path(), ctx.failure());
      ApiErrors.send(ctx, 500, "internal error");
    });
    router.errorHandler(413, ctx -> ApiErrors.send(ctx, 413, "request body larger than "
        + settings.maxBodyBytes() + " bytes (http.max_body_bytes)"));

    return registry.start()
        .compose(v -> vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port()))
            .requestHandler(router).listen())
        .onSuccess(listening -> {
          server = listening;
          LOG.info(() -> "HTTP listening on " + settings.host() + ":" + listening.actualPort());
        })
        .compose(listening -> settings.metrics().onApiPort() ? Future.<HttpServer>succeededFuture() : listenManagement(metrics));
  }

  /** The separate management port: {@code /metrics} alone, without a token, for a private network. */
  private Future<HttpServer> listenManagement(MetricsEndpoint metrics) {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(metrics);
    router.route().last().handler(ctx -> ApiErrors.send(ctx, 404, "no such resource: "
        + ApiErrors.shown(ctx.request().path()) + "; this port serves /metrics"));
    MetricsSettings where = settings.metrics();
    return vertx.createHttpServer(new HttpServerOptions().setHost(where.host()).setPort(where.port()))
        .requestHandler(router).listen()
        .onSuccess(listening -> {
          managementServer = listening;
          LOG.info(() -> "metrics listening on " + where.host() + ":" + listening.actualPort());
        });
  }

  @Override
  public Future<?> stop() {
    return registry.stopAll()
        .compose(v -> managementServer == null ? Future.succeededFuture() : managementServer.close())
        .compose(v -> server == null ? Future.succeededFuture() : server.close());
  }

  public int actualPort() {
    return server.actualPort();
  }

  /** The management port actually bound; -1 when {@code /metrics} is on the API port. */
  public int metricsPort() {
    return managementServer == null ? -1 : managementServer.actualPort();
  }

  private void health(RoutingContext ctx) {
    long live = registry.list().stream().filter(s -> s.state() == io.captiond.session.StreamState.LIVE).count();
    ctx.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", "up").put("streams", registry.list().size()).put("live", live).encode());
  }
}
