package io.captiond.api;

import io.captiond.session.StreamRegistry;
import io.captiond.translate.LanguagePair;
import io.captiond.translate.TranslatedCaption;
import io.captiond.translate.TranslationAddresses;
import io.captiond.translate.TranslationLog;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code /ws/streams/{id}/captions?lang=es&since=<seq>}: a translated track, as the source feed is served:
 * the stored translated finals after {@code since} (the track's own numbering), then live finals and cues.
 * Each final names the source finals it translates ({@code "source": [seq, ...]}). Live events that arrive
 * during the replay are held and sent after it; a viewer that stops reading is dropped. Each feed holds a
 * viewer's place ({@code viewers.max_per_stream}, {@code max_per_address}) like a source feed.
 */
final class TranslatedFeed {

  private static final Logger LOG = Logger.getLogger(TranslatedFeed.class.getName());

  private final Vertx vertx;
  private final StreamRegistry registry;

  TranslatedFeed(Vertx vertx, StreamRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  /** Whether the request asks for a translated track. */
  static boolean wanted(RoutingContext ctx) {
    return ctx.request().getParam("lang") != null;
  }

  /** The stream's language asked for, or {@code null} after a 4xx was sent. */
  static String language(RoutingContext ctx, StreamRegistry registry, String id) {
    String language = ctx.request().getParam("lang");
    var stream = registry.get(id);
    if (stream.isEmpty()) {
      ApiErrors.noStream(ctx, id);
      return null;
    }
    if (language == null || !LanguagePair.CODE.matcher(language).matches()) {
      ApiErrors.send(ctx, 400, "lang must be a language code like es");
      return null;
    }
    if (!stream.get().translationLanguages().contains(language)
        && !registry.translatedCaptions(id, language).exists()) {
      ApiErrors.send(ctx, 404, "stream " + id + " is not translated into " + language + "; it is into "
          + stream.get().translationLanguages());
      return null;
    }
    return language;
  }

  /**
   * Serves the feed of {@code language} (checked by {@link #language}) to a viewer that has taken its place;
   * {@code released} runs once when the viewer leaves, or at once when it never gets a feed.
   */
  void handle(RoutingContext ctx, String id, String language, Runnable released) {
    long since;
    try {
      String param = ctx.request().getParam("since");
      since = param == null ? 0 : Long.parseLong(param);
    } catch (NumberFormatException e) {
      released.run();
      ApiErrors.send(ctx, 400, "since must be a sequence number");
      return;
    }
    TranslationLog log = registry.translatedCaptions(id, language);
    ctx.request().toWebSocket().onSuccess(ws -> new Viewer(ws, id, language, log, since, released).start())
        .onFailure(error -> {
          released.run();
          LOG.fine(() -> "websocket upgrade failed: " + error.getMessage());
        });
  }

  private final class Viewer {
    private final ServerWebSocket ws;
    private final String streamId;
    private final String language;
    private final TranslationLog log;
    private final List<TranslatedCaption> held = new ArrayList<>();
    private long lastSent;
    private boolean replaying = true;
    private final Runnable released;
    private MessageConsumer<TranslatedCaption> live;

    Viewer(ServerWebSocket ws, String streamId, String language, TranslationLog log, long since, Runnable released) {
      this.ws = ws;
      this.released = released;
      this.streamId = streamId;
      this.language = language;
      this.log = log;
      this.lastSent = since;
    }

    void start() {
      live = vertx.eventBus().localConsumer(TranslationAddresses.captions(streamId, language), m -> onLive(m.body()));
      ws.closeHandler(v -> {
        live.unregister();
        released.run();
      });
      ws.exceptionHandler(error -> LOG.fine(() -> "viewer of " + streamId + ": " + error.getMessage()));
      long from = lastSent;
      vertx.executeBlocking(() -> log.readAfter(from)).onComplete(stored -> {
        if (stored.failed()) {
          ws.close((short) 1011, "cannot read stored captions");
          return;
        }
        stored.result().forEach(this::send);
        replaying = false;
        held.forEach(this::send);
        held.clear();
      });
    }

    private void onLive(TranslatedCaption caption) {
      if (replaying) {
        held.add(caption);
      } else {
        send(caption);
      }
    }

    private void send(TranslatedCaption caption) {
      if (caption.seq() <= lastSent || ws.isClosed()) {
        return;
      }
      if (ws.writeQueueFull()) {
        LOG.warning(() -> "viewer of " + streamId + " (" + language + ") is not reading; dropping it");
        ws.close((short) 1008, "viewer too slow");
        return;
      }
      lastSent = caption.seq();
      ws.writeTextMessage(caption.toJson().encode());
    }
  }
}
