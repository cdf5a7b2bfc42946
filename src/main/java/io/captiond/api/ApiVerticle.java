package io.captiond.api;

import io.captiond.asr.EngineCatalog;
import io.captiond.asr.WorkerDirectory;
import io.captiond.asr.LanguageSupport;
import io.captiond.ingest.hls.HlsSettings;
import io.captiond.session.StreamRegistry;
import io.captiond.viewers.ViewerSettings;
import io.captiond.ingest.pull.PullSettings;
import io.captiond.tls.HttpTls;
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
   * @param limits what one stranger can cost the HTTP server ({@code http.*})
   * @param viewers who may watch streams and how many at once ({@code viewers.*})
   * @param tls HTTPS and WSS on the API port; {@code null} serves plain HTTP
   */
  public record Settings(String host, int port, long maxBodyBytes, String token, PullSettings pull,
      Set<String> engines, HlsSettings hls, String rtmpPublicHost, int rtmpPort,
      Function<String, LanguageSupport> languages, MetricsSettings metrics, HttpLimits limits,
      ViewerSettings viewers, HttpTls tls) {

    /** Default limits, public viewers unless a stream says otherwise, plain HTTP. */
    public Settings(String host, int port, long maxBodyBytes, String token, PullSettings pull,
        Set<String> engines, HlsSettings hls, String rtmpPublicHost, int rtmpPort,
        Function<String, LanguageSupport> languages, MetricsSettings metrics) {
      this(host, port, maxBodyBytes, token, pull, engines, hls, rtmpPublicHost, rtmpPort, languages,
          metrics, HttpLimits.defaults(), ViewerSettings.defaults(), null);
    }
  }

  private final Settings settings;
  private final StreamRegistry registry;
  private final PrometheusMeterRegistry meters;
  private final EngineCatalog engines;
  private final WorkerDirectory workers;
  private HttpServer server;
  private HttpServer managementServer;
  private CaptionFeed feed;
  private boolean draining;
  private BlockingPool pool;
  private ConnectionCap connections;

  public ApiVerticle(Settings settings, StreamRegistry registry, PrometheusMeterRegistry meters) {
    this(settings, registry, meters, null, new WorkerDirectory());
  }

  /**
   * @param engines this node's ASR engines, for {@code /api/engines}; {@code null} on a node without ASR workers
   * @param workers the ASR workers of the cluster, for {@code /api/engines} and the engines streams may name
   */
  public ApiVerticle(Settings settings, StreamRegistry registry, PrometheusMeterRegistry meters,
      EngineCatalog engines, WorkerDirectory workers) {
    this.settings = settings;
    this.registry = registry;
    this.meters = meters;
    this.engines = engines;
    this.workers = workers;
  }

  @Override
  public Future<?> start() {
    pool = new BlockingPool(vertx, settings.limits());
    StreamViewers viewers = new StreamViewers(vertx, registry, settings.viewers());
    EnginesApi engineApi = new EnginesApi(vertx, engines, workers, settings.engines());
    StreamsApi streams = new StreamsApi(registry, settings.pull(), engineApi::names, settings.languages(),
        settings.hls(),
        new StreamsApi.RtmpAddress(settings.rtmpPublicHost(), settings.rtmpPort()), viewers);
    HlsFiles hls = new HlsFiles(vertx, pool, registry);
    feed = new CaptionFeed(vertx, pool, registry, settings.viewers(), settings.limits().idleTimeoutSeconds());
    SubtitleFiles files = new SubtitleFiles(pool, registry);
    PlayerPage player = new PlayerPage(registry);
    ViewerTokensApi viewerTokens = new ViewerTokensApi(registry, viewers, feed::tokensRevoked);
    StreamPatch patch = new StreamPatch(registry, streams::answer)
        .field("viewers", (id, value) -> streams.viewersChange(id, value, feed::tokenRequired))
        .field("translations", streams::translationsChange);

    Router router = Router.router(vertx);
    router.route().handler(this::refuseWhileDraining);
    BearerAuth admin = new BearerAuth(settings.token());
    ViewerGate gate = new ViewerGate(registry, viewers, settings.token());
    MetricsEndpoint metrics = new MetricsEndpoint(vertx, meters);
    router.route("/api/*").handler(admin);
    router.route("/api/*").handler(ApiVerticle::noMultipart);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
    router.post("/api/streams").handler(streams::create);
    router.get("/api/streams").handler(streams::list);
    router.get("/api/streams/:id").handler(streams::get);
    router.patch("/api/streams/:id").handler(patch::handle);
    router.delete("/api/streams/:id").handler(streams::delete);
    router.post("/api/streams/:id/viewer-tokens").handler(viewerTokens::mint);
    router.delete("/api/streams/:id/viewer-tokens").handler(viewerTokens::revoke);
    router.get("/api/streams/:id/outputs").handler(OutputsApi::get);
    router.post("/api/streams/:id/outputs").handler(OutputsApi::add);
    router.delete("/api/streams/:id/outputs/:output").handler(OutputsApi::remove);
    router.get("/api/engines").handler(engineApi::list);
    router.post("/api/engines").handler(engineApi::load);
    router.get("/ws/streams/:id/captions").handler(gate).handler(feed::handle);
    router.get("/streams/:id/captions.vtt").handler(gate).handler(files::webVtt);
    router.get("/streams/:id/captions.srt").handler(gate).handler(files::srt);
    router.get("/hls/:id/:file").handler(gate).handler(hls::handle);
    router.get("/hls/:id/:lang/:file").handler(gate).handler(hls::handleTrack);
    router.get("/streams/:id/status").handler(gate).handler(player::status);
    router.get("/player/assets/:file").handler(player::asset);
    router.get("/player/:id").handler(gate).handler(player::page);
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

    connections = new ConnectionCap(settings.limits().maxConnections());
    return registry.start()
        .compose(v -> viewers.load())
        .compose(v -> vertx.createHttpServer(withTls(settings.limits().serverOptions(settings.host(), settings.port())))
            .connectionHandler(connections).requestHandler(router).listen())
        .onSuccess(listening -> {
          server = listening;
          if (settings.tls() != null) {
            settings.tls().keepFresh(vertx, listening);
          }
          LOG.info(() -> "HTTP listening on " + settings.host() + ":" + listening.actualPort());
        })
        .compose(listening -> settings.metrics().onApiPort() ? Future.<HttpServer>succeededFuture() : listenManagement(metrics));
  }

  /** The API takes JSON only: a multipart body (a file upload) is refused before any of it is read. */
  private static void noMultipart(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.regionMatches(true, 0, "multipart/", 0, "multipart/".length())) {
      ApiErrors.send(ctx, 415, "the API takes JSON bodies only, not " + ApiErrors.shown(type));
      return;
    }
    ctx.next();
  }

  private HttpServerOptions withTls(HttpServerOptions options) {
    return settings.tls() == null ? options : settings.tls().apply(options);
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

  /**
   * The node is shutting down: new requests are refused (503), every stream drains (its open speech
   * decoded, its last captions out, at most {@code boundMs}), then viewers are closed with 1001 and a
   * reason. Call from any thread.
   */
  public Future<Void> drain(long boundMs) {
    io.vertx.core.Promise<Void> drained = io.vertx.core.Promise.promise();
    context.runOnContext(v -> {
      draining = true;
      registry.drainAll(boundMs)
          .compose(x -> feed.closeAll(SHUTDOWN_CLOSE, SHUTDOWN_REASON))
          .onComplete(x -> drained.complete());
    });
    return drained.future();
  }

  /** WebSocket status 1001 (RFC 6455 §7.4.1): the endpoint is going away. */
  static final short SHUTDOWN_CLOSE = 1001;
  static final String SHUTDOWN_REASON = "captiond is shutting down; reconnect with since=<last seq> once it is back";

  private void refuseWhileDraining(RoutingContext ctx) {
    if (!draining) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Retry-After", "5").putHeader("Connection", "close");
    ApiErrors.send(ctx, 503, "captiond is shutting down");
  }

  @Override
  public Future<?> stop() {
    return registry.stopAll()
        .eventually(() -> {
          if (pool != null) {
            pool.close();
          }
          return Future.succeededFuture();
        })
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
