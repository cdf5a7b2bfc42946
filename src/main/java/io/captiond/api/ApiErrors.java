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

  /** A job on the {@link BlockingPool} failed: 503 with Retry-After when the pool was full, else 500. */
  static void blockingFailed(RoutingContext ctx, Throwable error, String what) {
    if (error instanceof BlockingPool.Busy) {
      if (!ctx.response().headWritten()) {
        ctx.response().putHeader("Retry-After", "1");
      }
      send(ctx, 503, error.getMessage());
    } else {
      send(ctx, 500, what + ": " + error.getMessage());
    }
  }

  static void send(RoutingContext ctx, int status, String message) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", message).put("status", status).encode());
  }
}
