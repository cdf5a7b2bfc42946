package io.captiond.session;

import io.captiond.bus.Addresses;
import io.captiond.files.AtomicFiles;
import io.captiond.restream.CaptionsTrack;
import io.captiond.restream.OutputSettings;
import io.captiond.restream.OutputSpec;
import io.captiond.restream.StreamOutputs;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * A stream's restream outputs as its session holds them: the {@link StreamOutputs} (the media tap and
 * caption track), the outputs kept in {@code outputs.json} (owner-only: the URLs hold keys) so a
 * restarted stream pushes to them again, and the API's requests on {@link Addresses#outputs}:
 * {@code list}, {@code add} (reply: the output) and {@code remove}. Lives on the session's context.
 */
final class OutputControl {

  private static final Logger LOG = Logger.getLogger(OutputControl.class.getName());
  static final String FILE = "outputs.json";

  private final Vertx vertx;
  private final String streamId;
  private final Path file;
  private final StreamOutputs outputs;
  private final boolean carriesVideo;
  private final java.util.Map<String, OutputSpec> kept = new java.util.LinkedHashMap<>();
  private MessageConsumer<JsonObject> consumer;
  private Future<Void> saving = Future.succeededFuture();

  /** @param carriesVideo whether the stream's source re-publishes its video (RTMP); outputs need it */
  OutputControl(Vertx vertx, String streamId, boolean carriesVideo, Path streamDir, OutputSettings settings,
      MeterRegistry meters) {
    this.vertx = vertx;
    this.carriesVideo = carriesVideo;
    this.streamId = streamId;
    this.file = streamDir.resolve(FILE);
    // Outputs run on Vert.x's own Netty loops: one connection per output, no thread of their own.
    this.outputs = new StreamOutputs(streamId, settings, ((VertxInternal) vertx).nettyEventLoopGroup(), meters);
  }

  StreamOutputs outputs() {
    return outputs;
  }

  CaptionsTrack track() {
    return new CaptionsTrack(outputs);
  }

  /** Answers the API from now on and starts the outputs kept from before (a restarted stream). */
  void start() {
    consumer = vertx.eventBus().localConsumer(Addresses.outputs(streamId), this::onRequest);
    if (Files.exists(file)) {
      try {
        JsonArray saved = new JsonArray(Files.readString(file));
        for (Object item : saved) {
          OutputSpec spec = OutputSpec.fromJson(item);
          kept.put(outputs.add(spec), spec);
        }
      } catch (java.io.IOException | RuntimeException e) {
        LOG.warning(() -> "stream " + streamId + ": cannot read its outputs from " + file + ": " + e.getMessage());
      }
    }
  }

  void stop() {
    if (consumer != null) {
      consumer.unregister();
    }
    outputs.close();
  }

  private void onRequest(Message<JsonObject> message) {
    JsonObject request = message.body();
    switch (request.getString("op", "")) {
      case "list" -> message.reply(new JsonObject().put("outputs", describe()));
      case "add" -> {
        try {
          OutputSpec spec = OutputSpec.fromJson(request.getValue("output"));
          if (!carriesVideo) {
            throw new IllegalStateException("stream " + streamId + " has no video to re-publish: outputs need an rtmp source");
          }
          String id = outputs.add(spec);
          kept.put(id, spec);
          save();
          message.reply(describe().stream().map(JsonObject.class::cast)
              .filter(o -> id.equals(o.getString("id"))).findFirst().orElseThrow());
        } catch (IllegalArgumentException e) {
          message.fail(400, e.getMessage());
        } catch (IllegalStateException e) {
          message.fail(409, e.getMessage());
        }
      }
      case "remove" -> {
        String id = request.getString("id", "");
        if (outputs.remove(id)) {
          kept.remove(id);
          save();
          message.reply(new JsonObject().put("removed", id));
        } else {
          message.fail(404, "stream " + streamId + " has no output " + id);
        }
      }
      default -> message.fail(400, "unknown output request");
    }
  }

  /** The outputs as the stream description shows them: URLs redacted, state, bitrate, errors. */
  JsonArray describe() {
    JsonArray all = new JsonArray();
    List<StreamOutputs.Described> described = outputs.describe();
    for (StreamOutputs.Described d : described) {
      all.add(d.spec().describe().put("id", d.id()).put("state", d.status().state().name().toLowerCase(java.util.Locale.ROOT))
          .put("bitrate", d.status().bitrateBps()).put("bytesSent", d.status().bytesSent())
          .put("droppedTags", d.status().droppedTags()).put("reconnects", d.status().reconnects())
          .put("lastError", d.status().lastError()));
    }
    return all;
  }

  /** Writes the kept outputs, in order, behind any earlier write. */
  private void save() {
    JsonArray specs = new JsonArray();
    kept.values().forEach(spec -> specs.add(spec.toJson()));
    String text = specs.encodePrettily();
    saving = saving.eventually(() -> vertx.executeBlocking(() -> {
      AtomicFiles.replaceOwnerOnly(file, text);
      return null;
    })).onFailure(e -> LOG.warning(() -> "stream " + streamId + ": cannot keep its outputs: " + e.getMessage()));
  }
}
