package io.captiond.api;

import io.captiond.session.StreamRegistry;
import io.captiond.viewers.ViewerSettings;
import io.captiond.viewers.ViewerToken;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * {@code POST /api/streams/{id}/viewer-tokens} mints a viewer token ({@code {"expiresIn": seconds}}, at most
 * {@code viewers.max_token_seconds}) and answers it with the addresses that take it; {@code DELETE} on the same
 * path rotates the stream's viewer secret, which revokes every token minted so far and closes the caption feeds
 * they opened.
 */
final class ViewerTokensApi {

  private final StreamRegistry registry;
  private final StreamViewers viewers;
  private final Consumer<String> revoked;

  /** @param revoked told the id of a stream whose tokens were just revoked */
  ViewerTokensApi(StreamRegistry registry, StreamViewers viewers, Consumer<String> revoked) {
    this.registry = registry;
    this.viewers = viewers;
    this.revoked = revoked;
  }

  void mint(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (registry.get(id).isEmpty()) {
      ApiErrors.noStream(ctx, id);
      return;
    }
    ViewerSettings settings = viewers.settings();
    long seconds;
    JsonObject body = ctx.body().length() == 0 ? new JsonObject() : JsonBody.read(ctx, "expiresIn (seconds)");
    if (body == null) {
      return;
    }
    Object asked = body.getValue("expiresIn");
    if (asked == null) {
      seconds = settings.defaultTokenSeconds();
    } else if (asked instanceof Number number && number.longValue() == number.doubleValue()
        && number.longValue() >= 1 && number.longValue() <= settings.maxTokenSeconds()) {
      seconds = number.longValue();
    } else {
      ApiErrors.send(ctx, 400, "expiresIn must be a whole number of seconds from 1 to "
          + settings.maxTokenSeconds() + " (viewers.max_token_seconds)");
      return;
    }
    long expiresAt = System.currentTimeMillis() / 1000 + seconds;
    viewers.withSecret(id).onSuccess(access -> {
      String token = ViewerToken.mint(access.secret(), id, expiresAt);
      String query = "?" + ViewerGate.TOKEN_PARAM + "=" + token;
      ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
          .putHeader("Cache-Control", "no-store")
          .end(new JsonObject().put("token", token).put("stream", id)
              .put("viewers", access.policy().wireName())
              .put("expiresAt", Instant.ofEpochSecond(expiresAt).toString())
              .put("player", "/player/" + id + query).put("hls", "/hls/" + id + "/master.m3u8" + query)
              .put("ws", "/ws/streams/" + id + "/captions" + query)
              .put("vtt", "/streams/" + id + "/captions.vtt" + query)
              .put("srt", "/streams/" + id + "/captions.srt" + query).encode());
    }).onFailure(error -> ApiErrors.send(ctx, 500, "cannot keep the viewer secret: " + error.getMessage()));
  }

  void revoke(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (registry.get(id).isEmpty()) {
      ApiErrors.noStream(ctx, id);
      return;
    }
    viewers.rotate(id).onSuccess(access -> {
      revoked.accept(id);
      ctx.response().setStatusCode(204).end();
    }).onFailure(error -> ApiErrors.send(ctx, 500, "cannot keep the viewer secret: " + error.getMessage()));
  }
}
