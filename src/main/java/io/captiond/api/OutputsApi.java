package io.captiond.api;

import io.captiond.bus.Addresses;
import io.captiond.restream.OutputSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream's restream outputs: {@code GET}/{@code POST /api/streams/<id>/outputs} (body {@code {"url":
 * "rtmp(s)://host/app/key", "captions": "cea608"|"none"}}, reply 201 with the output and its id) and
 * {@code DELETE /api/streams/<id>/outputs/<output>} (204), answered by the stream's session while it
 * runs. Every answer shows URLs with the key as {@code ***}.
 */
final class OutputsApi {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true).setSendTimeout(5_000);

  private OutputsApi() {}

  /** The {@code outputs} field of a new stream: absent, or an array of outputs. */
  static List<OutputSpec> specs(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException("outputs must be an array of {\"url\": ..., \"captions\": ...}");
    }
    List<OutputSpec> specs = new ArrayList<>();
    array.forEach(item -> specs.add(OutputSpec.fromJson(item)));
    return specs;
  }

  /** Adds each output to the stream's session, in order; the outputs as described. */
  static Future<JsonArray> addAll(Vertx vertx, String streamId, List<OutputSpec> specs) {
    Future<JsonArray> done = Future.succeededFuture(new JsonArray());
    for (OutputSpec spec : specs) {
      done = done.compose(all -> request(vertx, streamId, new JsonObject().put("op", "add").put("output", spec.toJson()))
          .map(all::add));
    }
    return done;
  }

  /** The stream's outputs as its session describes them; empty when no session runs. */
  static Future<JsonArray> list(Vertx vertx, String streamId) {
    return request(vertx, streamId, new JsonObject().put("op", "list"))
        .map(reply -> reply.getJsonArray("outputs", new JsonArray()))
        .recover(e -> Future.succeededFuture(new JsonArray()));
  }

  static void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    request(ctx.vertx(), id, new JsonObject().put("op", "list"))
        .onSuccess(reply -> json(ctx, 200, reply))
        .onFailure(e -> fail(ctx, id, e));
  }

  static void add(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    JsonObject body = JsonBody.read(ctx, "url and captions");
    if (body == null) {
      return;
    }
    OutputSpec spec;
    try {
      spec = OutputSpec.fromJson(body);
    } catch (IllegalArgumentException e) {
      ApiErrors.send(ctx, 400, e.getMessage());
      return;
    }
    request(ctx.vertx(), id, new JsonObject().put("op", "add").put("output", spec.toJson()))
        .onSuccess(output -> {
          ctx.response().putHeader("Location", "/api/streams/" + id + "/outputs/" + output.getString("id"));
          json(ctx, 201, output);
        })
        .onFailure(e -> fail(ctx, id, e));
  }

  static void remove(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    request(ctx.vertx(), id, new JsonObject().put("op", "remove").put("id", ctx.pathParam("output")))
        .onSuccess(reply -> ctx.response().setStatusCode(204).end())
        .onFailure(e -> fail(ctx, id, e));
  }

  private static Future<JsonObject> request(Vertx vertx, String streamId, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(Addresses.outputs(streamId), body, LOCAL).map(m -> m.body());
  }

  private static void fail(RoutingContext ctx, String streamId, Throwable e) {
    if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      ApiErrors.send(ctx, reply.failureCode(), reply.getMessage());
    } else if (e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
      ApiErrors.send(ctx, 404, "stream " + streamId + " is not running here (outputs live with its session)");
    } else {
      ApiErrors.send(ctx, 503, "stream " + streamId + " did not answer: " + e.getMessage());
    }
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
