package io.captiond.api;

import io.captiond.session.StreamRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code PATCH /api/streams/{id}}: a JSON object of the fields to change. Each changeable field has its own
 * {@link Field} (registered with {@link #field}); a body naming any other field is refused whole, before anything
 * changes. The fields are applied in the order they were registered; the answer is the stream's description.
 */
final class StreamPatch {

  /** Changes one field of a stream: checks the value (throwing {@link IllegalArgumentException}) and applies it. */
  interface Field {
    /** Checks {@code value} now, on the event loop; returns what applies it, run once every field has passed. */
    java.util.function.Supplier<Future<Void>> check(String streamId, Object value);
  }

  /** Writes the stream's description after the change. */
  interface Describer {
    void answer(RoutingContext ctx, String streamId);
  }

  private final StreamRegistry registry;
  private final Describer describer;
  private final Map<String, Field> fields = new LinkedHashMap<>();

  StreamPatch(StreamRegistry registry, Describer describer) {
    this.registry = registry;
    this.describer = describer;
  }

  StreamPatch field(String name, Field field) {
    fields.put(name, field);
    return this;
  }

  void handle(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (registry.get(id).isEmpty()) {
      ApiErrors.noStream(ctx, id);
      return;
    }
    JsonObject body = JsonBody.read(ctx, "the fields to change: " + fields.keySet());
    if (body == null) {
      return;
    }
    for (String name : body.fieldNames()) {
      if (!fields.containsKey(name)) {
        ApiErrors.send(ctx, 400, "field '" + ApiErrors.shown(name) + "' cannot be changed; changeable: "
            + fields.keySet());
        return;
      }
    }
    java.util.List<java.util.function.Supplier<Future<Void>>> changes = new java.util.ArrayList<>();
    try {
      for (Map.Entry<String, Field> field : fields.entrySet()) {
        if (body.containsKey(field.getKey())) {
          changes.add(field.getValue().check(id, body.getValue(field.getKey())));
        }
      }
    } catch (IllegalArgumentException | ClassCastException e) {
      ApiErrors.send(ctx, 400, e.getMessage());
      return;
    }
    Future<Void> done = Future.succeededFuture();
    for (var change : changes) {
      done = done.compose(v -> change.get());
    }
    done.onSuccess(v -> describer.answer(ctx, id))
        .onFailure(error -> ApiErrors.send(ctx, error instanceof IllegalArgumentException ? 400 : 500,
            error instanceof IllegalArgumentException ? error.getMessage()
                : "could not change stream " + id + ": " + error.getMessage()));
  }
}
