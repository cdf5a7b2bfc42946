package io.captiond.api;

import io.captiond.captions.CaptionEvent;
import io.captiond.captions.CueLayout;
import io.captiond.captions.SubtitleFormats;
import io.captiond.session.StreamRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/**
 * {@code /streams/{id}/captions.vtt} and {@code .srt}: the stream's finals so far, laid out as cues
 * the way the live feed lays them out, rendered on request; {@code ?lang=es} the translated track's.
 */
final class SubtitleFiles {

  private final Vertx vertx;
  private final StreamRegistry registry;

  SubtitleFiles(Vertx vertx, StreamRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  void webVtt(RoutingContext ctx) {
    serve(ctx, "text/vtt; charset=utf-8", SubtitleFormats::webVtt);
  }

  void srt(RoutingContext ctx) {
    serve(ctx, "application/x-subrip; charset=utf-8", SubtitleFormats::srt);
  }

  private void serve(RoutingContext ctx, String contentType, Function<List<CueLayout.Cue>, String> render) {
    String id = ctx.pathParam("id");
    var stream = registry.get(id);
    if (stream.isEmpty()) {
      ApiErrors.noStream(ctx, id);
      return;
    }
    boolean complete = stream.get().state().isOver();
    CueLayout.Config layout = registry.cueLayout();
    java.util.concurrent.Callable<List<CaptionEvent>> finals;
    if (TranslatedFeed.wanted(ctx)) { // ?lang=es: the translated finals, laid out by the same rules
      String language = TranslatedFeed.language(ctx, registry, id);
      if (language == null) {
        return;
      }
      var translated = registry.translatedCaptions(id, language);
      finals = () -> translated.readAfter(0).stream().map(c -> new CaptionEvent(id, c.seq(), CaptionEvent.Type.FINAL,
          c.text(), c.startMs(), c.endMs())).toList();
    } else {
      var log = registry.captions(id);
      finals = () -> log.readAfter(0);
    }
    vertx.executeBlocking(() -> render.apply(SubtitleFormats.layout(finals.call(), layout, complete)))
        .onSuccess(text -> ctx.response().putHeader("Content-Type", contentType)
            .putHeader("Cache-Control", "no-cache").putHeader("Access-Control-Allow-Origin", "*").end(text))
        .onFailure(error -> ApiErrors.send(ctx, 500, "cannot read captions: " + error.getMessage()));
  }
}
