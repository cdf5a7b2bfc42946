package io.captiond.asr;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * One worker node's engine management, asked on its {@code captiond.asr.control.<node>} address by
 * the engines API of any node: {@code {"action": "load", "name", "path"}} loads a Whisper model
 * folder of this node on a worker thread and adds it to the catalog (or replaces the engine of that
 * name once its requests in flight are done). The reply is the engine's description with
 * {@code replaced} and {@code node}; a folder that cannot be loaded fails with {@link #BAD_MODEL}.
 */
final class WorkerControl {

  static final int BAD_MODEL = 400;
  static final int NO_LOADER = 501;
  private static final Logger LOG = Logger.getLogger(WorkerControl.class.getName());

  private final Vertx vertx;
  private final String nodeId;
  private final EngineCatalog catalog;
  private final EngineCatalog.Loader loader;

  WorkerControl(Vertx vertx, String nodeId, EngineCatalog catalog, EngineCatalog.Loader loader) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.catalog = catalog;
    this.loader = loader;
  }

  void handle(Message<JsonObject> message) {
    JsonObject body = message.body();
    if (!"load".equals(body.getString("action"))) {
      message.fail(BAD_MODEL, "unknown action " + body.getString("action") + "; known: load");
      return;
    }
    if (loader == null) {
      message.fail(NO_LOADER, "this worker cannot load models");
      return;
    }
    String engine = body.getString("name");
    String folder = body.getString("path");
    boolean replacing = catalog.names().contains(engine);
    vertx.executeBlocking(() -> {
      Path dir = Path.of(folder);
      if (!Files.isDirectory(dir)) {
        throw new AsrException("no folder " + dir.toAbsolutePath() + " on node " + nodeId);
      }
      return loader.load(engine, dir);
    }, false).onSuccess(loaded -> {
      catalog.put(loaded);
      LOG.info(() -> "engine " + engine + (replacing ? " replaced" : " added") + " over the API from " + folder);
      message.reply(WorkerInfo.describe(loaded.description()).put("replaced", replacing).put("node", nodeId));
    }).onFailure(error -> message.fail(error instanceof AsrException ? BAD_MODEL : 500,
        "could not load " + engine + ": " + error.getMessage()));
  }
}
