package io.captiond.api;

import io.captiond.bus.Addresses;
import io.captiond.captions.CaptionEvent;
import io.captiond.captions.CaptionLog;
import io.captiond.session.StreamRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code /ws/streams/{id}/captions?since=<seq>}: the stored finals after {@code since}, then live
 * partials and finals as they happen, one JSON text frame each. Live events that arrive while the
 * stored ones are read are held and sent after them, so none is lost or sent twice. A viewer that
 * stops reading is dropped once its write queue is full, rather than buffering without bound.
 */
final class CaptionFeed {

  private static final Logger LOG = Logger.getLogger(CaptionFeed.class.getName());

  private final Vertx vertx;
  private final StreamRegistry registry;

  private final TranslatedFeed translated;

  CaptionFeed(Vertx vertx, StreamRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
    this.translated = new TranslatedFeed(vertx, registry);
  }

  void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (TranslatedFeed.wanted(ctx)) {
      translated.handle(ctx, id); // ?lang=es: a translated track
      return;
    }
    if (registry.get(id).isEmpty()) {
      ApiErrors.noStream(ctx, id);
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
    CaptionLog log = registry.captions(id);
    ctx.request().toWebSocket().onSuccess(ws -> new Viewer(ws, id, log, since).start())
        .onFailure(error -> LOG.fine(() -> "websocket upgrade failed: " + error.getMessage()));
  }

  /** One connected viewer. */
  private final class Viewer {
    private final ServerWebSocket ws;
    private final String streamId;
    private final CaptionLog log;
    private final List<CaptionEvent> heldWhileReplaying = new ArrayList<>();
    private long lastSent;
    private boolean replaying = true;
    private MessageConsumer<CaptionEvent> live;

    Viewer(ServerWebSocket ws, String streamId, CaptionLog log, long since) {
      this.ws = ws;
      this.streamId = streamId;
      this.log = log;
      this.lastSent = since;
    }

    void start() {
      live = vertx.eventBus().consumer(Addresses.captions(streamId), message -> onLive(message.body()));
      ws.closeHandler(v -> live.unregister());
      ws.exceptionHandler(error -> LOG.fine(() -> "viewer of " + streamId + ": " + error.getMessage()));
      long replayFrom = lastSent;
      vertx.executeBlocking(() -> log.readAfter(replayFrom)).onComplete(stored -> {
        if (stored.failed()) {
          LOG.warning(() -> "stream " + streamId + ": cannot read stored captions: " + stored.cause().getMessage());
          ws.close((short) 1011, "cannot read stored captions");
          return;
        }
        stored.result().forEach(this::send);
        replaying = false;
        heldWhileReplaying.forEach(this::send);
        heldWhileReplaying.clear();
      });
    }

    private void onLive(CaptionEvent event) {
      if (replaying) {
        heldWhileReplaying.add(event);
      } else {
        send(event);
      }
    }

    private void send(CaptionEvent event) {
      if (event.seq() <= lastSent || ws.isClosed()) {
        return;
      }
      if (ws.writeQueueFull()) {
        LOG.warning(() -> "viewer of " + streamId + " is not reading; dropping it");
        ws.close((short) 1008, "viewer too slow");
        return;
      }
      lastSent = event.seq();
      ws.writeTextMessage(event.toJson().encode());
    }
  }
}
