package io.captiond.api;

import io.captiond.captions.CueLayout;
import io.captiond.captions.SubtitleFormats;
import io.captiond.session.StreamRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/**
 * {@code /streams/{id}/captions.vtt} and {@code .srt}: the stream's finals so far, laid out as cues
 * the way the live feed lays them out, rendered on request.
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
    var log = registry.captions(id);
    boolean complete = stream.get().state().isOver();
    CueLayout.Config layout = registry.cueLayout();
    vertx.executeBlocking(() -> render.apply(SubtitleFormats.layout(log.readAfter(0), layout, complete)))
        .onSuccess(text -> ctx.response().putHeader("Content-Type", contentType)
            .putHeader("Cache-Control", "no-cache").putHeader("Access-Control-Allow-Origin", "*").end(text))
        .onFailure(error -> ApiErrors.send(ctx, 500, "cannot read captions: " + error.getMessage()));
  }
}
