package io.captiond.api;

import io.captiond.ingest.SourceSpec;
import io.captiond.session.StreamRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The player page, {@code GET /player/{id}}: a static page (no build step) that plays the stream's
 * HLS with hls.js (vendored, {@code player/VENDORED.md}), the subtitle rendition on, tentative text
 * from the WebSocket feed above it, and the stream's state from {@code GET /streams/{id}/status}.
 * Its few files are read from the classpath once and served from memory; only those names exist.
 */
final class PlayerPage {

  private record Asset(Buffer body, String type) {}

  private static final Map<String, String> ASSETS = Map.of(
      "player.js", "text/javascript; charset=utf-8",
      "player.css", "text/css; charset=utf-8",
      "hls.min.js", "text/javascript; charset=utf-8",
      "hls.js.LICENSE", "text/plain; charset=utf-8");

  private final StreamRegistry registry;
  private final Buffer page;
  private final Map<String, Asset> assets;

  PlayerPage(StreamRegistry registry) {
    this.registry = registry;
    this.page = resource("player.html");
    this.assets = Map.copyOf(ASSETS.entrySet().stream().collect(java.util.stream.Collectors.toMap(
        Map.Entry::getKey, e -> new Asset(resource(e.getKey()), e.getValue()))));
  }

  /** {@code /player/{id}}: the page, for a stream the registry knows. */
  void page(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    var stream = registry.get(id);
    if (stream.isEmpty()) {
      ApiErrors.noStream(ctx, id);
      return;
    }
    // An HLS source's segments are fetched from the source by the player: its origin is allowed too.
    String media = mediaOrigin(stream.get().source()).map(origin -> " " + origin).orElse("");
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-cache")
        .putHeader("Content-Security-Policy", "default-src 'self'; connect-src 'self' ws: wss:" + media + "; "
            + "media-src 'self' blob: data:" + media + "; worker-src 'self' blob:; style-src 'self'; img-src 'self' data:;"
            + " object-src 'none'")
        .putHeader("X-Content-Type-Options", "nosniff").end(page);
  }

  /** The scheme, host and port of an HLS source, as a CSP source expression; none for other sources. */
  static java.util.Optional<String> mediaOrigin(SourceSpec source) {
    if (source.type() != SourceSpec.Type.HLS) {
      return java.util.Optional.empty();
    }
    try {
      java.net.URI uri = java.net.URI.create(source.url());
      if (uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().matches("https?")) {
        return java.util.Optional.empty();
      }
      return java.util.Optional.of(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  /** {@code /player/assets/{file}}: the page's script, style sheet, hls.js and its license. */
  void asset(RoutingContext ctx) {
    Asset asset = assets.get(ctx.pathParam("file"));
    if (asset == null) {
      ApiErrors.send(ctx, 404, "no such player file");
      return;
    }
    ctx.response().putHeader("Content-Type", asset.type()).putHeader("Cache-Control", "max-age=300")
        .putHeader("X-Content-Type-Options", "nosniff").end(asset.body());
  }

  /** {@code /streams/{id}/status}: the stream's state, public (players show it). */
  void status(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    var stream = registry.get(id);
    if (stream.isEmpty()) {
      ApiErrors.noStream(ctx, id);
      return;
    }
    ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-cache")
        .putHeader("Access-Control-Allow-Origin", "*")
        .end(new JsonObject().put("id", stream.get().id()).put("state", stream.get().state().wireName()).encode());
  }

  private static Buffer resource(String name) {
    try (InputStream in = PlayerPage.class.getResourceAsStream("/player/" + name)) {
      if (in == null) {
        throw new IllegalStateException("player file " + name + " missing from the build");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
