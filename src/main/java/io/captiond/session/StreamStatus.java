package io.captiond.session;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A session's report to the stream registry: its state, why if it failed, and its figures.
 *
 * @param degraded what works less well than it should while the stream goes on, by cause ({@code disk}:
 *     finals held in memory), each with its detail; empty when all is well
 */
public record StreamStatus(String streamId, StreamState state, String reason, StreamStats stats,
    Map<String, String> degraded) {

  public StreamStatus {
    degraded = Map.copyOf(degraded);
  }

  public StreamStatus(String streamId, StreamState state, String reason, StreamStats stats) {
    this(streamId, state, reason, stats, Map.of());
  }

  public JsonObject toJson() {
    return new JsonObject().put("stream", streamId).put("state", state.wireName()).put("reason", reason)
        .put("stats", stats.toJson()).put("degraded", Degraded.toJson(degraded));
  }

  public static StreamStatus fromJson(JsonObject json) {
    return new StreamStatus(json.getString("stream"), StreamState.fromWire(json.getString("state")),
        json.getString("reason"), StreamStats.fromJson(json.getJsonObject("stats", new JsonObject())),
        Degraded.fromJson(json.getJsonObject("degraded")));
  }
}
