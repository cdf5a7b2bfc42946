package io.captiond.api;

import io.vertx.core.Future;
import io.captiond.captions.CaptionLog;
import io.captiond.captions.CaptionEvent;
import io.captiond.captions.CueLayout;
import io.captiond.captions.SubtitleFormats;
import io.captiond.session.StreamRegistry;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;

/**
 * {@code /streams/{id}/captions.vtt} and {@code .srt}: the stream's finals so far, laid out as cues
 * the way the live feed lays them out, rendered once per new final ({@link SubtitleRenders}) on the
 * HTTP server's own bounded pool; {@code ?lang=es} the translated track's, rendered on request.
 */
final class SubtitleFiles {

  private final BlockingPool pool;
  private final StreamRegistry registry;
  private final SubtitleRenders renders = new SubtitleRenders();

  SubtitleFiles(BlockingPool pool, StreamRegistry registry) {
    this.pool = pool;
    this.registry = registry;
    registry.whenOver((id, why) -> {
      if (why.equals("deleted")) {
        renders.forget(id);
      }
    });
  }

  void webVtt(RoutingContext ctx) {
    serve(ctx, "vtt", "text/vtt; charset=utf-8", SubtitleFormats::webVtt);
  }

  void srt(RoutingContext ctx) {
    serve(ctx, "srt", "application/x-subrip; charset=utf-8", SubtitleFormats::srt);
  }

  SubtitleRenders renders() {
    return renders;
  }

  private void serve(RoutingContext ctx, String format, String contentType,
      Function<List<CueLayout.Cue>, String> render) {
    String id = ctx.pathParam("id");
    var stream = registry.get(id);
    if (stream.isEmpty()) {
      ApiErrors.noStream(ctx, id);
      return;
    }
    boolean complete = stream.get().state().isOver();
    CueLayout.Config layout = registry.cueLayout();
    String streamId = stream.get().id();
    Future<String> rendered;
    if (TranslatedFeed.wanted(ctx)) { // ?lang=es: the translated finals, laid out by the same rules
      String language = TranslatedFeed.language(ctx, registry, id);
      if (language == null) {
        return;
      }
      var translated = registry.translatedCaptions(streamId, language);
      rendered = pool.submit(() -> render.apply(SubtitleFormats.layout(translated.readAfter(0).stream()
          .map(c -> new CaptionEvent(streamId, c.seq(), CaptionEvent.Type.FINAL, c.text(), c.startMs(), c.endMs()))
          .toList(), layout, complete)));
    } else {
      CaptionLog log = registry.captions(streamId);
      rendered = pool.submit(() -> renders.render(streamId, log, layout, complete, format, render));
    }
    rendered
        .onSuccess(text -> ctx.response().putHeader("Content-Type", contentType)
            .putHeader("Cache-Control", "no-cache").putHeader("Access-Control-Allow-Origin", "*").end(text))
        .onFailure(error -> ApiErrors.blockingFailed(ctx, error, "cannot read captions"));
  }
}
