package io.captiond.session;

import io.vertx.core.json.JsonObject;

/** A session's report to the stream registry: its state, why if it failed, and its figures. */
public record StreamStatus(String streamId, StreamState state, String reason, StreamStats stats) {

  public JsonObject toJson() {
    return new JsonObject().put("stream", streamId).put("state", state.wireName()).put("reason", reason)
        .put("stats", stats.toJson());
  }

  public static StreamStatus fromJson(JsonObject json) {
    return new StreamStatus(json.getString("stream"), StreamState.fromWire(json.getString("state")),
        json.getString("reason"), StreamStats.fromJson(json.getJsonObject("stats", new JsonObject())));
  }
}
