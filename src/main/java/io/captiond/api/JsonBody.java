package io.captiond.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The JSON object a POST carries, or a 400 that says what the body must hold. */
final class JsonBody {

  private JsonBody() {}

  /**
   * The request's body as a JSON object; {@code null} after answering 400 when it is not one.
   *
   * @param holding what the object must hold, for the error, e.g. {@code "name and source"}
   */
  static JsonObject read(RoutingContext ctx, String holding) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      ApiErrors.send(ctx, 400, "body must be a JSON object: " + e.getMessage());
      return null;
    }
    if (body == null) {
      ApiErrors.send(ctx, 400, "body must be a JSON object with " + holding);
    }
    return body;
  }
}
