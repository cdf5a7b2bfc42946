package io.captiond.api;

import io.captiond.asr.EngineCatalog;
import io.captiond.asr.WorkerDirectory;
import io.captiond.asr.WorkerInfo;
import io.captiond.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The engines of the whole cluster, as the ASR workers' heartbeats tell them ({@link WorkerDirectory}).
 * {@code GET /api/engines}: every worker node with its engines, device and free room, and every
 * engine with the node that serves it; {@code POST /api/engines} {@code {"name", "path", "nodes"?}}:
 * loads a Whisper model folder on every ASR node (or the nodes named), each on its own worker thread,
 * adding it or replacing the engine of that name once its requests in flight are done, and reports
 * node by node. A stream may name only an engine some worker serves now ({@link #names}).
 */
final class EnginesApi {

  private static final int MAX_PATH = 4096;
  /** Loading a large model on a busy node takes a while. */
  private static final long LOAD_TIMEOUT_MS = 300_000;

  private final Vertx vertx;
  private final EngineCatalog catalog;
  private final WorkerDirectory workers;
  private final Set<String> declared;

  /**
   * @param catalog this node's engines, read directly so that a change here counts at once; {@code null}
   *     on a node without ASR workers
   * @param declared engines this node's configuration names (listed as {@code declared}; a stream may
   *     name one only once a worker serves it)
   */
  EnginesApi(Vertx vertx, EngineCatalog catalog, WorkerDirectory workers, Set<String> declared) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.workers = workers;
    this.declared = Set.copyOf(declared);
  }

  /** Every engine a stream may name: one some ASR worker of the cluster serves now. */
  Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    if (catalog != null) {
      names.addAll(catalog.names());
    }
    names.addAll(workers.served());
    return names;
  }

  void list(RoutingContext ctx) {
    JsonArray engines = new JsonArray();
    JsonArray nodes = new JsonArray();
    for (WorkerInfo worker : workers.workers()) {
      Set<String> devices = new LinkedHashSet<>();
      for (EngineCatalog.Description d : worker.engines()) {
        devices.add(d.device());
        engines.add(WorkerInfo.describe(d).put("node", worker.nodeId())
            .put("default", d.name().equals(worker.defaultEngine())));
      }
      nodes.add(new JsonObject().put("node", worker.nodeId()).put("engines", new JsonArray(worker.engineNames()))
          .put("default", worker.defaultEngine()).put("devices", new JsonArray(List.copyOf(devices)))
          .put("capacity", worker.capacity()).put("free", worker.free())
          .put("transcribed", worker.transcribed()));
    }
    ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("engines", engines)
        .put("nodes", nodes).put("available", new JsonArray(names().stream().toList()))
        .put("declared", new JsonArray(List.copyOf(declared))).encode());
  }

  void load(RoutingContext ctx) {
    JsonObject body = JsonBody.read(ctx, "name and path");
    if (body == null) {
      return;
    }
    Object name = body.getValue("name");
    Object path = body.getValue("path");
    Object named = body.getValue("nodes");
    if (!(name instanceof String engine) || !EngineCatalog.NAME.matcher(engine).matches()
        || engine.equals("pocketsphinx")) {
      ApiErrors.send(ctx, 400, "name must be 1 to 32 letters, digits, '.', '_' or '-' (not pocketsphinx)");
      return;
    }
    if (!(path instanceof String folder) || folder.isBlank() || folder.length() > MAX_PATH) {
      ApiErrors.send(ctx, 400, "path must name a Whisper model folder on the ASR nodes");
      return;
    }
    if (named != null && !(named instanceof JsonArray list && list.stream().allMatch(String.class::isInstance))) {
      ApiErrors.send(ctx, 400, "nodes must be a list of ASR node ids (see GET /api/engines)");
      return;
    }
    List<String> targets = named == null ? workers.workers().stream().map(WorkerInfo::nodeId).toList()
        : ((JsonArray) named).stream().map(String.class::cast).toList();
    if (targets.isEmpty()) {
      ApiErrors.send(ctx, 503, "no ASR worker in the cluster to load " + engine + " on");
      return;
    }
    JsonObject command = new JsonObject().put("action", "load").put("name", engine).put("path", folder);
    List<Future<JsonObject>> reports = new ArrayList<>();
    for (String node : targets) {
      reports.add(vertx.eventBus().<JsonObject>request(Addresses.asrControl(node), command,
              new DeliveryOptions().setSendTimeout(LOAD_TIMEOUT_MS))
          .map(reply -> reply.body().put("status", reply.body().getBoolean("replaced") ? 200 : 201))
          .otherwise(error -> new JsonObject().put("node", node).put("status", statusOf(error))
              .put("error", error.getMessage())));
    }
    Future.all(reports).onComplete(done -> reply(ctx, engine, reports.stream().map(Future::result).toList()));
  }

  /** One node's outcome is the answer when there is one node; else the first success, with every node's report. */
  private static void reply(RoutingContext ctx, String engine, List<JsonObject> reports) {
    JsonObject loaded = reports.stream().filter(r -> r.getInteger("status") < 300).findFirst().orElse(null);
    if (loaded == null) {
      int status = reports.stream().allMatch(r -> r.getInteger("status") == 400) ? 400 : 502;
      ApiErrors.send(ctx, status, "could not load " + engine + " on any node: "
          + reports.stream().map(r -> r.getString("node") + ": " + r.getString("error")).toList());
      return;
    }
    boolean replaced = reports.stream().anyMatch(r -> r.getBoolean("replaced", false));
    JsonObject answer = loaded.copy().put("replaced", replaced).put("nodes", new JsonArray(reports));
    ctx.response().setStatusCode(replaced ? 200 : 201).putHeader("Content-Type", "application/json")
        .end(answer.encode());
  }

  private static int statusOf(Throwable error) {
    if (error instanceof ReplyException r) {
      return switch (r.failureType()) {
        case NO_HANDLERS -> 404;
        case TIMEOUT -> 504;
        default -> r.failureCode() == 400 ? 400 : 500;
      };
    }
    return 500;
  }
}
