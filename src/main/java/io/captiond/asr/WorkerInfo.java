package io.captiond.asr;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One ASR worker's heartbeat: the engines it has loaded (and so serves), its default, how many
 * windows it takes at once and how many of those places are taken now.
 *
 * @param nodeId the worker's cluster node id ({@code local} when not clustered)
 * @param capacity windows it accepts at once (running or queued); past that it answers busy
 * @param inFlight windows accepted and not yet answered
 * @param transcribed windows transcribed since the worker started
 */
public record WorkerInfo(String nodeId, String defaultEngine, List<EngineCatalog.Description> engines,
    int capacity, int inFlight, long transcribed) {

  public WorkerInfo {
    engines = List.copyOf(engines);
  }

  public int free() {
    return Math.max(0, capacity - inFlight);
  }

  public boolean serves(String engine) {
    String name = engine == null ? defaultEngine : engine;
    return engines.stream().anyMatch(d -> d.name().equals(name));
  }

  public List<String> engineNames() {
    return engines.stream().map(EngineCatalog.Description::name).toList();
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    engines.forEach(d -> list.add(describe(d)));
    return new JsonObject().put("node", nodeId).put("default", defaultEngine).put("engines", list)
        .put("capacity", capacity).put("inFlight", inFlight).put("transcribed", transcribed);
  }

  public static WorkerInfo fromJson(JsonObject json) {
    List<EngineCatalog.Description> engines = json.getJsonArray("engines").stream()
        .map(JsonObject.class::cast).map(WorkerInfo::description).toList();
    return new WorkerInfo(json.getString("node"), json.getString("default"), engines, json.getInteger("capacity"),
        json.getInteger("inFlight"), json.getLong("transcribed", 0L));
  }

  public static JsonObject describe(EngineCatalog.Description d) {
    return new JsonObject().put("name", d.name()).put("kind", d.kind()).put("device", d.device())
        .put("threads", d.threads()).put("path", d.path()).put("loadMs", d.loadMs());
  }

  public static EngineCatalog.Description description(JsonObject json) {
    return new EngineCatalog.Description(json.getString("name"), json.getString("kind"), json.getString("device"),
        json.getInteger("threads"), json.getString("path"), json.getLong("loadMs"));
  }
}
