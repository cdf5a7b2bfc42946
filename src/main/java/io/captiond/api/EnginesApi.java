package io.captiond.api;

import io.captiond.asr.AsrException;
import io.captiond.asr.EngineCatalog;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@code GET /api/engines}: the engines this node serves (name, kind, device, threads, load time);
 * {@code POST /api/engines} {@code {"name", "path"}}: loads a Whisper model folder on a worker
 * thread and adds it, or replaces the engine of that name once its requests in flight are done,
 * without a restart. Engines a node declares in its configuration but does not load itself (an
 * {@code api}-only node of a cluster) are still accepted for streams.
 */
final class EnginesApi {

  private static final Logger LOG = Logger.getLogger(EnginesApi.class.getName());
  private static final int MAX_PATH = 4096;

  private final Vertx vertx;
  private final EngineCatalog catalog;
  private final EngineCatalog.Loader loader;
  private final Set<String> declared;

  EnginesApi(Vertx vertx, EngineCatalog catalog, EngineCatalog.Loader loader, Set<String> declared) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.loader = loader;
    this.declared = Set.copyOf(declared);
  }

  /** Every engine a stream may name: declared in the configuration or loaded here. */
  Set<String> names() {
    Set<String> names = new LinkedHashSet<>(declared);
    if (catalog != null) {
      names.addAll(catalog.names());
    }
    return names;
  }

  void list(RoutingContext ctx) {
    JsonArray engines = new JsonArray();
    if (catalog != null) {
      for (EngineCatalog.Description d : catalog.describe()) {
        engines.add(describe(d).put("default", d.name().equals(catalog.defaultEngine())));
      }
    }
    ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("engines", engines)
        .put("available", new JsonArray(names().stream().toList())).encode());
  }

  void load(RoutingContext ctx) {
    if (catalog == null || loader == null) {
      ApiErrors.send(ctx, 503, "this node runs no ASR workers (node.roles lacks asr): load engines on an asr node");
      return;
    }
    JsonObject body = JsonBody.read(ctx, "name and path");
    if (body == null) {
      return;
    }
    Object name = body.getValue("name");
    Object path = body.getValue("path");
    if (!(name instanceof String engine) || !EngineCatalog.NAME.matcher(engine).matches()
        || engine.equals("pocketsphinx")) {
      ApiErrors.send(ctx, 400, "name must be 1 to 32 letters, digits, '.', '_' or '-' (not pocketsphinx)");
      return;
    }
    if (!(path instanceof String folder) || folder.isBlank() || folder.length() > MAX_PATH) {
      ApiErrors.send(ctx, 400, "path must name a Whisper model folder on this server");
      return;
    }
    boolean replacing = catalog.names().contains(engine);
    vertx.executeBlocking(() -> {
      Path dir = Path.of(folder);
      if (!Files.isDirectory(dir)) {
        throw new AsrException("no folder " + dir.toAbsolutePath() + " on this server");
      }
      return loader.load(engine, dir);
    }, false).onSuccess(loaded -> {
      catalog.put(loaded);
      LOG.info(() -> "engine " + engine + (replacing ? " replaced" : " added") + " over the API from " + folder);
      ctx.response().setStatusCode(replacing ? 200 : 201).putHeader("Content-Type", "application/json")
          .end(describe(loaded.description()).put("replaced", replacing).encode());
    }).onFailure(error -> ApiErrors.send(ctx, error instanceof AsrException ? 400 : 500,
        "could not load " + engine + ": " + error.getMessage()));
  }

  private static JsonObject describe(EngineCatalog.Description d) {
    return new JsonObject().put("name", d.name()).put("kind", d.kind()).put("device", d.device())
        .put("threads", d.threads()).put("path", d.path()).put("loadMs", d.loadMs());
  }
}
