package io.captiond.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Errors as JSON: {@code {"error": "...", "status": N}}, so every client can read why. */
final class ApiErrors {

  /** The most of a client-sent name (a stream id, a file name) an error message repeats. */
  static final int SHOWN_CHARS = 64;

  private ApiErrors() {}

  /** 404 for a stream id that names no stream. */
  static void noStream(RoutingContext ctx, String id) {
    send(ctx, 404, "no stream " + shown(id));
  }

  /** A client-sent name cut to {@link #SHOWN_CHARS}, so that an error never echoes a long path back whole. */
  static String shown(String name) {
    return name.length() <= SHOWN_CHARS ? name : name.substring(0, SHOWN_CHARS);
  }

  static void send(RoutingContext ctx, int status, String message) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", message).put("status", status).encode());
  }
}
