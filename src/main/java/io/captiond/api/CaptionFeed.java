package io.captiond.api;

import io.captiond.captions.CaptionLog;
import io.captiond.session.StreamRegistry;
import io.captiond.viewers.ViewerSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * {@code /ws/streams/{id}/captions?since=<seq>}: the stored finals after {@code since}, then live partials and
 * finals as they happen, one JSON text frame each ({@link FeedViewer}). Before the upgrade: the {@code Origin}
 * allowlist ({@code viewers.allowed_origins}, 403) and the viewer caps per stream and per address (503, 429).
 * Open feeds are pinged at half the idle timeout (a quiet stream's viewers stay) and closed with 1001 and the
 * reason when their stream ends or is deleted.
 */
final class CaptionFeed {

  private static final Logger LOG = Logger.getLogger(CaptionFeed.class.getName());
  /** WebSocket close code "going away": the stream is over, do not reconnect. */
  static final short GOING_AWAY = 1001;
  /** WebSocket close code "policy violation": this viewer may no longer watch. */
  static final short POLICY = 1008;

  private final Vertx vertx;
  private final BlockingPool pool;
  private final StreamRegistry registry;
  private final ViewerSettings settings;
  private final ViewerCounts counts;
  private final Map<String, Set<FeedViewer>> viewers = new HashMap<>();

  private final TranslatedFeed translated;

  CaptionFeed(Vertx vertx, BlockingPool pool, StreamRegistry registry, ViewerSettings settings,
      int idleTimeoutSeconds) {
    this.vertx = vertx;
    this.pool = pool;
    this.registry = registry;
    this.settings = settings;
    this.counts = new ViewerCounts(settings.maxPerStream(), settings.maxPerAddress());
    registry.whenOver((id, why) -> closeAll(id, GOING_AWAY, "stream " + why, viewer -> true));
    vertx.setPeriodic(idleTimeoutSeconds * 500L, timer -> viewers.values().forEach(set -> set.forEach(viewer -> {
      if (!viewer.socket().isClosed()) {
        viewer.socket().writePing(Buffer.buffer());
      }
    })));
    this.translated = new TranslatedFeed(vertx, registry);
  }

  void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    var record = registry.get(id);
    if (record.isEmpty()) {
      ApiErrors.noStream(ctx, id);
      return;
    }
    String origin = ctx.request().getHeader("Origin");
    if (!settings.originAllowed(origin)) {
      ApiErrors.send(ctx, 403, "origin " + (origin == null ? "(none)" : "'" + ApiErrors.shown(origin) + "'")
          + " may not open caption feeds (viewers.allowed_origins)");
      return;
    }
    String streamId = record.get().id();
    String address = ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
    if (TranslatedFeed.wanted(ctx)) {
      // ?lang=es: a translated track, a viewer like any other under viewers.max_per_stream and max_per_address
      String language = TranslatedFeed.language(ctx, registry, id);
      if (language != null && !refused(ctx, streamId, address)) {
        translated.handle(ctx, streamId, language, () -> counts.release(streamId, address));
      }
      return;
    }
    long since;
    try {
      String param = ctx.request().getParam("since");
      since = param == null ? 0 : Long.parseLong(param);
    } catch (NumberFormatException e) {
      ApiErrors.send(ctx, 400, "since must be a sequence number");
      return;
    }
    if (refused(ctx, streamId, address)) {
      return;
    }
    CaptionLog log = registry.captions(streamId);
    ViewerGate.Admission admission = ViewerGate.admission(ctx);
    boolean over = record.get().state().isOver();
    ctx.request().toWebSocket().onSuccess(ws -> {
      FeedViewer viewer = new FeedViewer(vertx, pool, ws, streamId, log, since, admission);
      viewers.computeIfAbsent(streamId, k -> new LinkedHashSet<>()).add(viewer);
      viewer.start(() -> {
        counts.release(streamId, address);
        Set<FeedViewer> set = viewers.get(streamId);
        if (set != null && set.remove(viewer) && set.isEmpty()) {
          viewers.remove(streamId);
        }
      });
      if (over || registry.get(streamId).isEmpty()) {
        // an ended stream's captions are all stored: the replay is everything there is
        viewer.close(GOING_AWAY, registry.get(streamId).isEmpty() ? "stream deleted" : "stream "
            + record.get().state().wireName());
      }
    }).onFailure(error -> {
      counts.release(streamId, address);
      LOG.fine(() -> "websocket upgrade failed: " + error.getMessage());
    });
  }

  /** Takes a viewer's place, or answers 503 (the stream is full) or 429 (the address is) and says so. */
  private boolean refused(RoutingContext ctx, String streamId, String address) {
    String refusal = counts.take(streamId, address);
    if (refusal == null) {
      return false;
    }
    ctx.response().putHeader("Retry-After", "10");
    ApiErrors.send(ctx, refusal.startsWith("stream") ? 503 : 429, refusal);
    return true;
  }

  /** Closes every open feed with {@code code} and {@code reason} (the node is going away); completes once they are. */
  io.vertx.core.Future<Void> closeAll(short code, String reason) {
    List<io.vertx.core.Future<Void>> closed = new ArrayList<>();
    viewers.values().forEach(set -> List.copyOf(set).forEach(viewer -> {
      viewer.close(code, reason);
      closed.add(viewer.closed());
    }));
    return io.vertx.core.Future.join(closed).mapEmpty();
  }

  /** Closes the stream's open feeds that {@code which} picks, with {@code code} and {@code reason}. */
  void closeAll(String streamId, short code, String reason, Predicate<FeedViewer> which) {
    Set<FeedViewer> open = viewers.get(streamId);
    if (open == null) {
      return;
    }
    List<FeedViewer> picked = new ArrayList<>(open.stream().filter(which).toList());
    picked.forEach(viewer -> viewer.close(code, reason));
  }

  /** The stream's tokens were revoked: the feeds they opened close. */
  void tokensRevoked(String streamId) {
    closeAll(streamId, POLICY, "viewer token revoked",
        viewer -> viewer.admission() == ViewerGate.Admission.VIEWER_TOKEN);
  }

  /** The stream now needs a token: the feeds opened without one close. */
  void tokenRequired(String streamId) {
    closeAll(streamId, POLICY, "stream now needs a viewer token",
        viewer -> viewer.admission() == ViewerGate.Admission.PUBLIC);
  }

  int viewersOf(String streamId) {
    return counts.ofStream(streamId);
  }
}
