package io.captiond.api;

import io.captiond.asr.LanguageSupport;
import io.captiond.ingest.SourceSpec;
import io.captiond.ingest.hls.HlsSettings;
import io.captiond.restream.OutputSpec;
import io.captiond.session.Degraded;
import io.captiond.session.StreamRecord;
import io.captiond.session.StreamRegistry;
import io.captiond.viewers.ViewerPolicy;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The control API: create, list, inspect, change (its translations) and delete streams. A stream's language is checked here, at
 * creation, against the engine it will use; its description says the language used ({@code auto}:
 * detected by the engine window by window).
 */
final class StreamsApi {

  private static final int MAX_NAME = 200;
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(StreamsApi.class.getName());

  private final StreamRegistry registry;
  private final io.captiond.ingest.pull.PullSettings pull;
  private final java.util.function.Supplier<Set<String>> engines;
  private final Function<String, LanguageSupport> languages;
  private final HlsSettings hls;
  private final RtmpAddress rtmp;
  private final StreamViewers viewers;

  /** Where publishers reach this node's RTMP server: a configured host, else the API's Host. */
  record RtmpAddress(String publicHost, int port) {}

  /**
   * @param languages what the named engine ({@code null}: the default one) transcribes
   */
  StreamsApi(StreamRegistry registry, io.captiond.ingest.pull.PullSettings pull, java.util.function.Supplier<Set<String>> engines,
      Function<String, LanguageSupport> languages, HlsSettings hls, RtmpAddress rtmp, StreamViewers viewers) {
    this.registry = registry;
    this.pull = pull;
    this.engines = engines;
    this.languages = languages;
    this.hls = hls;
    this.rtmp = rtmp;
    this.viewers = viewers;
  }

  void create(RoutingContext ctx) {
    JsonObject body = JsonBody.read(ctx, "name and source");
    if (body == null) {
      return;
    }
    String name;
    SourceSpec source;
    String language;
    String engine;
    ViewerPolicy policy;
    List<OutputSpec> outputs;
    try {
      policy = body.containsKey("viewers") ? ViewerPolicy.fromWire(body.getValue("viewers") instanceof String text
          ? text : null) : viewers.settings().defaultPolicy();
      name = requiredName(body);
      source = SourceSpec.fromJson(body.getValue("source") instanceof JsonObject o ? o : null);
      if (source.type() == SourceSpec.Type.RTMP && rtmp.port() < 0) {
        throw new IllegalArgumentException("source.type 'rtmp' needs the RTMP server, which this node does not run");
      }
      if (source.type() == SourceSpec.Type.HLS) {
        String refusal = hls.refusal(java.net.URI.create(source.url()));
        if (refusal != null) {
          throw new IllegalArgumentException(refusal);
        }
      } else if ((source.type() == SourceSpec.Type.PULL || SrtPublishing.calls(source))
          && pull.refusal(source.url()) != null) {
        throw new IllegalArgumentException(pull.refusal(source.url()));
      }
      engine = optionalString(body, "engine", null);
      if (engine != null && !engines.get().contains(engine)) {
        throw new IllegalArgumentException("engine '" + engine + "' is not available; available: " + engines.get());
      }
      language = languageFor(engine, optionalString(body, "language", null));
      outputs = OutputsApi.specs(body.getValue("outputs"));
      if (!outputs.isEmpty() && source.type() != SourceSpec.Type.RTMP) {
        throw new IllegalArgumentException("outputs re-publish the video of an rtmp source; this source is "
            + source.type().wireName());
      }
    } catch (IllegalArgumentException | ClassCastException e) {
      ApiErrors.send(ctx, 400, e.getMessage());
      return;
    }
    String streamLanguage = language;
    translations().check(body.getValue(TranslationsField.FIELD), language)
        .compose(languages -> registry.create(name, source, streamLanguage, engine, languages)
            .recover(error -> Future.failedFuture(new CreationFailed(500, error.getMessage()))))
        .compose(record -> completed(ctx, record, policy, outputs)
            .recover(error -> rolledBack(record, error)))
        .onFailure(error -> {
          CreationFailed failed = CreationFailed.of(error);
          ApiErrors.send(ctx, failed.status(), failed.getMessage());
        })
        .onSuccess(created -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .putHeader("Location", "/api/streams/" + created.getString("id"))
            .end(created.encode()));
  }

  /** The rest of a creation once the stream is recorded: its viewer policy written, its outputs added. */
  private Future<JsonObject> completed(RoutingContext ctx, StreamRecord record, ViewerPolicy policy,
      List<OutputSpec> outputs) {
    return viewers.setPolicy(record.id(), policy)
        .compose(access -> OutputsApi.addAll(ctx.vertx(), record.id(), outputs))
        .map(added -> withPublishing(ctx, describeFor(record).put("key", record.key()).put("outputs", added),
            record));
  }

  /**
   * A creation that failed after the stream was recorded is undone: the client never learns its id, and a
   * stream left behind would serve its viewers under the default policy rather than the one asked for.
   */
  private Future<JsonObject> rolledBack(StreamRecord record, Throwable error) {
    CreationFailed failed = CreationFailed.of(error);
    return registry.delete(record.id()).transform(deleted -> {
      if (deleted.failed()) {
        LOG.warning(() -> "stream " + record.id() + ": its creation failed (" + failed.getMessage()
            + ") and removing it failed too: " + deleted.cause().getMessage());
      }
      return Future.failedFuture(failed);
    });
  }

  /**
   * The {@code PATCH} field {@code translations}: the stream's languages change live. The pairs are
   * checked against the engines when the change applies; a pair no engine offers fails it with a 400
   * that lists the pairs there are.
   */
  java.util.function.Supplier<Future<Void>> translationsChange(String id, Object value) {
    var current = registry.get(id);
    if (current.isEmpty()) {
      throw new IllegalArgumentException("no stream " + id);
    }
    if (value == null) {
      throw new IllegalArgumentException(TranslationsField.FIELD + " must be a list of language codes");
    }
    String language = current.get().language();
    return () -> translations().check(value, language)
        .compose(languages -> registry.translate(id, languages)).mapEmpty();
  }

  private TranslationsField translations() {
    return new TranslationsField(registry.translations(), registry.asrWorkers(), registry.maxTranslations());
  }

  /**
   * The stream's language, decided here once: a code the engine has, or {@code null} (detect) when
   * none or {@code auto} is asked for and the engine detects; else a 400 naming the supported codes.
   */
  private String languageFor(String engine, String requested) {
    return languages.apply(engine).resolve(requested);
  }

  /** For the creator of an RTMP or listening SRT stream only: the URL to publish to, key included. */
  private JsonObject withPublishing(RoutingContext ctx, JsonObject description, StreamRecord record) {
    if (record.source().type() == SourceSpec.Type.SRT) {
      return SrtPublishing.describe(description, record, registry.srtPort(record.id()), publicHost(ctx));
    }
    if (record.source().type() != SourceSpec.Type.RTMP) {
      return description;
    }
    String host = rtmp.publicHost();
    if (host.isEmpty()) {
      host = ctx.request().authority() == null ? "localhost" : ctx.request().authority().host();
    }
    if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return description.put("publish", "rtmp://" + host + ":" + rtmp.port() + "/live/" + record.key());
  }

  /** The host publishers are told: {@code rtmp.public_host}, else the host the API client used. */
  private String publicHost(RoutingContext ctx) {
    String host = rtmp.publicHost();
    if (host.isEmpty()) {
      host = ctx.request().authority() == null ? "localhost" : ctx.request().authority().host();
    }
    return host;
  }

  void list(RoutingContext ctx) {
    JsonArray streams = new JsonArray();
    registry.list().forEach(record -> streams.add(describeFor(record)));
    json(ctx, new JsonObject().put("streams", streams));
  }

  void get(RoutingContext ctx) {
    answer(ctx, ctx.pathParam("id"));
  }

  /** The stream's description with its outputs, or 404. */
  void answer(RoutingContext ctx, String id) {
    registry.get(id).ifPresentOrElse(record -> OutputsApi.list(ctx.vertx(), id)
            .onComplete(outputs -> json(ctx, describeFor(record).put("outputs", outputs.result()))),
        () -> ApiErrors.noStream(ctx, id));
  }

  /** {@code PATCH {"viewers": "public"|"token"}}: checked now; applied, then {@code tokenRequired} told when it tightens. */
  java.util.function.Supplier<io.vertx.core.Future<Void>> viewersChange(String id, Object value,
      java.util.function.Consumer<String> tokenRequired) {
    ViewerPolicy policy = ViewerPolicy.fromWire(value instanceof String text ? text : null);
    return () -> viewers.setPolicy(id, policy).map(access -> {
      if (policy == ViewerPolicy.TOKEN) {
        tokenRequired.accept(id);
      }
      return null;
    });
  }

  /** {@link #describe} with the stream's viewer policy. */
  private JsonObject describeFor(StreamRecord record) {
    return describe(record).put("viewers", viewers.policy(record.id()).wireName());
  }

  void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    registry.delete(id).onSuccess(found -> {
      if (found) {
        ctx.response().setStatusCode(204).end();
      } else {
        ApiErrors.noStream(ctx, id);
      }
    }).onFailure(error -> ApiErrors.send(ctx, 500, "could not delete stream " + id + ": " + error.getMessage()));
  }

  /** The public description of a stream: everything but its key. */
  static JsonObject describe(StreamRecord record) {
    String id = record.id();
    return new JsonObject().put("id", id).put("name", record.name()).put("source", redacted(record.source().publicJson()))
        .put("language", record.language() == null ? LanguageSupport.AUTO : record.language())
        .put("engine", record.engine())
        .put("state", record.state().wireName()).put("reason", record.reason())
        .put("createdAt", java.time.Instant.ofEpochMilli(record.createdAtMs()).toString())
        .put("stats", record.stats().toJson()).put("degraded", Degraded.toJson(record.degraded()))
        .put("captions", new JsonObject().put("ws", "/ws/streams/" + id + "/captions")
            .put("vtt", "/streams/" + id + "/captions.vtt").put("srt", "/streams/" + id + "/captions.srt"))
        .put(TranslationsField.FIELD, TranslationsField.shown(record.translations()));
  }

  private static String requiredName(JsonObject body) {
    Object name = body.getValue("name");
    if (!(name instanceof String text) || text.isBlank()) {
      throw new IllegalArgumentException("name is required");
    }
    if (text.length() > MAX_NAME) {
      throw new IllegalArgumentException("name is longer than " + MAX_NAME + " characters");
    }
    return text.strip();
  }

  private static String optionalString(JsonObject body, String field, String fallback) {
    Object value = body.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String text) || text.isBlank() || text.length() > 32) {
      throw new IllegalArgumentException(field + " must be a short string");
    }
    return text.strip();
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }

  /** A source as shown to API clients: credentials and query values in its URL redacted. */
  private static JsonObject redacted(JsonObject source) {
    String url = source.getString("url");
    return url == null ? source : source.copy().put("url", io.captiond.ingest.pull.PullUrl.redacted(url));
  }
}
