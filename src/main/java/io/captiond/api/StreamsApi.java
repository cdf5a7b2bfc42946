package io.captiond.api;

import io.captiond.asr.LanguageSupport;
import io.captiond.ingest.SourceSpec;
import io.captiond.ingest.hls.HlsSettings;
import io.captiond.session.Degraded;
import io.captiond.session.StreamRecord;
import io.captiond.session.StreamRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Function;

/**
 * The control API: create, list, inspect and delete streams. A stream's language is checked here, at
 * creation, against the engine it will use; its description says the language used ({@code auto}:
 * detected by the engine window by window).
 */
final class StreamsApi {

  private static final int MAX_NAME = 200;

  private final StreamRegistry registry;
  private final Set<String> allowedSchemes;
  private final java.util.function.Supplier<Set<String>> engines;
  private final Function<String, LanguageSupport> languages;
  private final HlsSettings hls;
  private final RtmpAddress rtmp;

  /** Where publishers reach this node's RTMP server: a configured host, else the API's Host. */
  record RtmpAddress(String publicHost, int port) {}

  /**
   * @param languages what the named engine ({@code null}: the default one) transcribes
   */
  StreamsApi(StreamRegistry registry, Set<String> allowedSchemes, java.util.function.Supplier<Set<String>> engines,
      Function<String, LanguageSupport> languages, HlsSettings hls, RtmpAddress rtmp) {
    this.registry = registry;
    this.allowedSchemes = allowedSchemes;
    this.engines = engines;
    this.languages = languages;
    this.hls = hls;
    this.rtmp = rtmp;
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
    try {
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
          && !allowedSchemes.contains(source.scheme())) {
        throw new IllegalArgumentException("source.url scheme '" + source.scheme()
            + "' is not allowed on this server (pull.allowed_schemes: " + allowedSchemes + ")");
      }
      engine = optionalString(body, "engine", null);
      if (engine != null && !engines.get().contains(engine)) {
        throw new IllegalArgumentException("engine '" + engine + "' is not available; available: " + engines.get());
      }
      language = languageFor(engine, optionalString(body, "language", null));
    } catch (IllegalArgumentException | ClassCastException e) {
      ApiErrors.send(ctx, 400, e.getMessage());
      return;
    }
    registry.create(name, source, language, engine)
        .onSuccess(record -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .putHeader("Location", "/api/streams/" + record.id())
            .end(withPublishing(ctx, describe(record).put("key", record.key()), record).encode()))
        .onFailure(error -> ApiErrors.send(ctx, 500, "could not create stream: " + error.getMessage()));
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
    registry.list().forEach(record -> streams.add(describe(record)));
    json(ctx, new JsonObject().put("streams", streams));
  }

  void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    registry.get(id).ifPresentOrElse(record -> json(ctx, describe(record)),
        () -> ApiErrors.noStream(ctx, id));
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
    return new JsonObject().put("id", id).put("name", record.name()).put("source", record.source().publicJson())
        .put("language", record.language() == null ? LanguageSupport.AUTO : record.language())
        .put("engine", record.engine())
        .put("state", record.state().wireName()).put("reason", record.reason())
        .put("createdAt", java.time.Instant.ofEpochMilli(record.createdAtMs()).toString())
        .put("stats", record.stats().toJson()).put("degraded", Degraded.toJson(record.degraded()))
        .put("captions", new JsonObject().put("ws", "/ws/streams/" + id + "/captions")
            .put("vtt", "/streams/" + id + "/captions.vtt").put("srt", "/streams/" + id + "/captions.srt"));
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
}
