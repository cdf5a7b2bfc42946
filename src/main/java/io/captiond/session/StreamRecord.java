package io.captiond.session;

import io.captiond.ingest.SourceSpec;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A stream as the registry keeps it, and as it is persisted in {@code <data>/streams/<id>/stream.json}.
 *
 * @param key the publishing key (for RTMP sources); secret, shown only to the API client that created it
 * @param engine the ASR engine for this stream, or {@code null} for the server's default
 * @param degraded what its session last reported degraded ({@link StreamStatus#degraded})
 * @param translations what its captions are translated into, in the order asked: each a
 *     {@link io.captiond.translate.TranslationTarget#spec()}, the language ({@code es}) or the language and the
 *     engine the stream chose for it ({@code en:whisper}); {@link #translationLanguages()} has the languages
 */
public record StreamRecord(
    String id,
    String name,
    String key,
    SourceSpec source,
    String language,
    String engine,
    long createdAtMs,
    StreamState state,
    String reason,
    StreamStats stats,
    Map<String, String> degraded,
    List<String> translations) {

  public StreamRecord {
    degraded = Map.copyOf(degraded);
    translations = List.copyOf(translations);
  }

  public StreamRecord(String id, String name, String key, SourceSpec source, String language, String engine,
      long createdAtMs, StreamState state, String reason, StreamStats stats, Map<String, String> degraded) {
    this(id, name, key, source, language, engine, createdAtMs, state, reason, stats, degraded, List.of());
  }

  public StreamRecord(String id, String name, String key, SourceSpec source, String language, String engine,
      long createdAtMs, StreamState state, String reason, StreamStats stats) {
    this(id, name, key, source, language, engine, createdAtMs, state, reason, stats, Map.of());
  }

  public StreamRecord withStatus(StreamState newState, String newReason, StreamStats newStats) {
    return new StreamRecord(id, name, key, source, language, engine, createdAtMs, newState, newReason, newStats,
        degraded, translations);
  }

  public StreamRecord withStatus(StreamState newState, String newReason, StreamStats newStats,
      Map<String, String> newDegraded) {
    return new StreamRecord(id, name, key, source, language, engine, createdAtMs, newState, newReason, newStats,
        newDegraded, translations);
  }

  public StreamRecord withTranslations(List<String> newTranslations) {
    return new StreamRecord(id, name, key, source, language, engine, createdAtMs, state, reason, stats, degraded,
        newTranslations);
  }

  /** The languages its captions are translated into (ISO 639-1), in the order asked. */
  public List<String> translationLanguages() {
    return translations.stream().map(spec -> io.captiond.translate.TranslationTarget.parse(spec).language()).toList();
  }

  /** The persisted form, key included. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("key", key).put("source", source.toJson())
        .put("language", language).put("engine", engine).put("createdAt", createdAtMs)
        .put("state", state.wireName()).put("reason", reason).put("stats", stats.toJson()).put("degraded", Degraded.toJson(degraded))
        .put("translations", new io.vertx.core.json.JsonArray(translations));
  }

  public static StreamRecord fromJson(JsonObject json) {
    JsonObject source = json.getJsonObject("source");
    return new StreamRecord(json.getString("id"), json.getString("name"), json.getString("key"),
        new SourceSpec(SourceSpec.Type.valueOf(source.getString("type").toUpperCase(java.util.Locale.ROOT)),
            source.getString("url"), source.getBoolean("realtime", true)),
        json.getString("language"), json.getString("engine"), json.getLong("createdAt"),
        StreamState.fromWire(json.getString("state")), json.getString("reason"),
        StreamStats.fromJson(json.getJsonObject("stats", new JsonObject())),
        Degraded.fromJson(json.getJsonObject("degraded")),
        json.getJsonArray("translations", new io.vertx.core.json.JsonArray()).stream().map(String::valueOf).toList());
  }
}
