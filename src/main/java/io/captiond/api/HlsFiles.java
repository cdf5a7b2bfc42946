package io.captiond.api;

import io.captiond.media.HlsRemuxer;
import io.captiond.session.StreamRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The HLS re-publication of RTMP sources: {@code GET /hls/{id}/master.m3u8}, {@code index.m3u8}
 * and its segments, from {@code <data.dir>/streams/<id>/hls/}. Only names the remuxer makes are
 * served (a fixed list and one pattern, matched whole), and only for streams the registry knows:
 * no path from a request reaches the file system.
 */
final class HlsFiles {

  private static final Pattern SEGMENT = Pattern.compile(HlsRemuxer.SEGMENT_PATTERN);
  private static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";

  private final Vertx vertx;
  private final StreamRegistry registry;

  HlsFiles(Vertx vertx, StreamRegistry registry) {
    this.vertx = vertx;
    this.registry = registry;
  }

  void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String file = ctx.pathParam("file");
    ctx.response().putHeader("Access-Control-Allow-Origin", "*");
    boolean playlist = file.equals(HlsRemuxer.MASTER) || file.equals(HlsRemuxer.MEDIA);
    if (!playlist && !SEGMENT.matcher(file).matches()) {
      ApiErrors.send(ctx, 404, "no such HLS file: " + file.substring(0, Math.min(file.length(), 64)));
      return;
    }
    var record = registry.get(id);
    if (record.isEmpty()) {
      ApiErrors.send(ctx, 404, "no stream " + id.substring(0, Math.min(id.length(), 64)));
      return;
    }
    // The stream's own id from the registry, not the request's text, names the folder.
    Path path = registry.hlsDir(record.get().id()).resolve(file);
    vertx.fileSystem().exists(path.toString()).onComplete(found -> {
      if (found.failed() || !found.result()) {
        ApiErrors.send(ctx, 404, (playlist ? "playlist " : "segment ") + file + " of stream " + id
            + " is not there (yet, or any more)");
        return;
      }
      ctx.response()
          .putHeader("Content-Type", playlist ? PLAYLIST_TYPE : "video/mp2t")
          .putHeader("Cache-Control", playlist ? "no-cache" : "max-age=3600")
          .sendFile(path.toString())
          .onFailure(error -> {
            if (!ctx.response().headWritten()) {
              ApiErrors.send(ctx, 404, file + " went away: " + error.getMessage());
            }
          });
    });
  }
}
