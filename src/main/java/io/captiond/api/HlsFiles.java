package io.captiond.api;

import io.captiond.captions.hls.SubtitleGroup;
import io.captiond.captions.hls.SubtitlePlaylistWriter;
import io.captiond.media.hls.HlsFolder;
import io.captiond.media.hls.RemuxRuns;
import io.captiond.session.StreamRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The HLS re-publication of RTMP sources: {@code GET /hls/{id}/master.m3u8}, {@code index.m3u8}
 * and its segments, and the subtitle rendition {@code subs.m3u8} and its WebVTT segments, from
 * {@code <data.dir>/streams/<id>/hls/}. Only names the remuxer and the rendition make are served (a
 * fixed list and two patterns, matched whole), and only for streams the registry knows: no path
 * from a request reaches the file system. For a stream with a subtitle rendition the master is
 * served once the subtitle playlist has its first segment, with the subtitle group added to every
 * variant (a player reads the master once: it must name the subtitles from the start).
 */
final class HlsFiles {

  private static final Pattern SEGMENT = Pattern.compile(HlsFolder.SEGMENT_PATTERN);
  private static final Pattern SUBTITLE_SEGMENT = Pattern.compile(SubtitlePlaylistWriter.SEGMENT_PATTERN);
  private static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";

  private final Vertx vertx;
  private final BlockingPool pool;
  private final StreamRegistry registry;

  HlsFiles(Vertx vertx, BlockingPool pool, StreamRegistry registry) {
    this.vertx = vertx;
    this.pool = pool;
    this.registry = registry;
  }

  void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String file = ctx.pathParam("file");
    ctx.response().putHeader("Access-Control-Allow-Origin", "*");
    boolean playlist = file.equals(HlsFolder.MASTER) || file.equals(HlsFolder.MEDIA)
        || file.equals(SubtitlePlaylistWriter.PLAYLIST);
    boolean subtitles = SUBTITLE_SEGMENT.matcher(file).matches();
    if (!playlist && !subtitles && !SEGMENT.matcher(file).matches()) {
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
    String token = ViewerGate.token(ctx);
    if (file.equals(HlsFolder.MASTER)) {
      serveMaster(ctx, path, record.get().language(), registry.hasHlsSubtitles(record.get().id()),
          record.get().translationLanguages(), token);
      return;
    }
    if (playlist && token != null) {
      servePlaylist(ctx, path, file, token);
      return;
    }
    if (file.equals(HlsFolder.MEDIA)) {
      // A remuxer that went on after a restart: its playlist needs the discontinuity sequence FFmpeg omits.
      Path runs = path.resolveSibling(RemuxRuns.FILE);
      vertx.fileSystem().exists(runs.toString()).onComplete(continued -> {
        if (continued.succeeded() && continued.result()) {
          servePlaylist(ctx, path, file, null);
        } else {
          serveFile(ctx, id, file, path, true, false);
        }
      });
      return;
    }
    serveFile(ctx, id, file, path, playlist, subtitles);
  }

  private void serveFile(RoutingContext ctx, String id, String file, Path path, boolean playlist, boolean subtitles) {
    boolean open = ViewerGate.admission(ctx) == ViewerGate.Admission.PUBLIC;
    vertx.fileSystem().exists(path.toString()).onComplete(found -> {
      if (found.failed() || !found.result()) {
        ApiErrors.send(ctx, 404, (playlist ? "playlist " : "segment ") + file + " of stream " + id
            + " is not there (yet, or any more)");
        return;
      }
      ctx.response()
          .putHeader("Content-Type", playlist ? PLAYLIST_TYPE : subtitles ? "text/vtt; charset=utf-8" : "video/mp2t")
          .putHeader("Cache-Control", playlist ? "no-cache" : open ? "max-age=3600" : "private, max-age=3600")
          .sendFile(path.toString())
          .onFailure(error -> {
            if (!ctx.response().headWritten()) {
              ApiErrors.send(ctx, 404, file + " went away: " + error.getMessage());
            }
          });
    });
  }

  /**
   * A media or subtitle playlist read and served: for a viewer with a token every URI it lists carries the token
   * on ({@code null}: none); the remuxer's playlist gets the discontinuity sequence of its runs ({@link RemuxRuns}).
   */
  private void servePlaylist(RoutingContext ctx, Path path, String file, String token) {
    pool.submit(() -> {
      if (!Files.isRegularFile(path)) {
        return null;
      }
      String text = Files.readString(path, StandardCharsets.UTF_8);
      Path runs = path.resolveSibling(RemuxRuns.FILE);
      if (file.equals(HlsFolder.MEDIA) && Files.isRegularFile(runs)) {
        text = RemuxRuns.parse(Files.readString(runs, StandardCharsets.UTF_8)).withDiscontinuitySequence(text);
      }
      return token == null ? text : PlaylistTokens.carry(text, token);
    }).onComplete(read -> {
          if (read.failed()) {
            ApiErrors.blockingFailed(ctx, read.cause(), "cannot read " + file);
          } else if (read.result() == null) {
            ApiErrors.send(ctx, 404, "playlist " + file + " is not there (yet, or any more)");
          } else {
            ctx.response().putHeader("Content-Type", PLAYLIST_TYPE).putHeader("Cache-Control", "no-cache")
                .end(read.result());
          }
        });
  }

  /**
   * {@code /hls/{id}/{lang}/subs.m3u8} and its segments: the rendition of a translated track, in the
   * folder of its language. The language must be one the stream is translated into.
   */
  void handleTrack(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String language = ctx.pathParam("lang");
    String file = ctx.pathParam("file");
    ctx.response().putHeader("Access-Control-Allow-Origin", "*");
    var record = registry.get(id);
    if (record.isEmpty() || !record.get().translationLanguages().contains(language)
        || !file.equals(SubtitlePlaylistWriter.PLAYLIST) && !SUBTITLE_SEGMENT.matcher(file).matches()) {
      ApiErrors.send(ctx, 404, "no such HLS file: " + ApiErrors.shown(language) + "/" + ApiErrors.shown(file));
      return;
    }
    boolean playlist = file.equals(SubtitlePlaylistWriter.PLAYLIST);
    // The language matched one of the stream's, which are checked codes: no request text reaches the path.
    List<String> languages = record.get().translationLanguages();
    String checked = languages.get(languages.indexOf(language));
    Path path = registry.hlsDir(record.get().id()).resolve(checked).resolve(file);
    String token = ViewerGate.token(ctx);
    if (playlist && token != null) {
      servePlaylist(ctx, path, file, token);
      return;
    }
    vertx.fileSystem().exists(path.toString()).onComplete(found -> {
      if (found.failed() || !found.result()) {
        ApiErrors.send(ctx, 404, file + " of stream " + id + " in " + checked + " is not there (yet, or any more)");
        return;
      }
      ctx.response().putHeader("Content-Type", playlist ? PLAYLIST_TYPE : "text/vtt; charset=utf-8")
          .putHeader("Cache-Control", playlist ? "no-cache" : "max-age=3600").sendFile(path.toString())
          .onFailure(error -> {
            if (!ctx.response().headWritten()) {
              ApiErrors.send(ctx, 404, file + " went away: " + error.getMessage());
            }
          });
    });
  }

  /** The subtitle renditions of the stream's translations, for the master. */
  private static List<SubtitleGroup.Track> translatedTracks(List<String> languages) {
    return languages.stream().map(language -> new SubtitleGroup.Track(language + "/" + SubtitlePlaylistWriter.PLAYLIST,
        languageName(language), language)).toList();
  }

  /**
   * The remuxer's master, with the subtitle group (the source track and each translated one) once the
   * subtitle playlist exists, and the viewer's token (when it came with one) on every URI it lists.
   */
  private void serveMaster(RoutingContext ctx, Path master, String language, boolean withSubtitles,
      List<String> translations, String token) {
    Path subs = master.resolveSibling(SubtitlePlaylistWriter.PLAYLIST);
    pool.submit(() -> {
      if (!Files.isRegularFile(master) || withSubtitles && !Files.isRegularFile(subs)) {
        return null;
      }
      String text = Files.readString(master, StandardCharsets.UTF_8);
      String tag = language == null || language.isBlank() || language.equals("auto") ? "en" : language;
      String served = Files.isRegularFile(subs)
          ? SubtitleGroup.addTracks(SubtitleGroup.addTo(text, SubtitlePlaylistWriter.PLAYLIST, languageName(tag), tag),
              translatedTracks(translations))
          : text;
      return token == null ? served : PlaylistTokens.carry(served, token);
    }).onComplete(read -> {
      if (read.failed() && read.cause() instanceof BlockingPool.Busy) {
        ApiErrors.blockingFailed(ctx, read.cause(), "cannot read " + HlsFolder.MASTER);
        return;
      }
      if (read.failed() || read.result() == null) {
        ApiErrors.send(ctx, 404, "playlist " + HlsFolder.MASTER + " is not there (yet, or any more)");
        return;
      }
      ctx.response().putHeader("Content-Type", PLAYLIST_TYPE).putHeader("Cache-Control", "no-cache")
          .end(read.result());
    });
  }

  /** "en" → "English": the name players show for the subtitle track. */
  static String languageName(String language) {
    if (language == null || language.isBlank() || language.equals("auto")) {
      return "English";
    }
    String name = Locale.forLanguageTag(language).getDisplayLanguage(Locale.ENGLISH);
    return name.isEmpty() ? language : name;
  }
}
