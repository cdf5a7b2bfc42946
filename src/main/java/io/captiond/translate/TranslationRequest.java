package io.captiond.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Asks the translation workers of one engine ({@link TranslationAddresses#forEngine}) to translate
 * a stream's units along a pair. Answered with a {@link TranslationReply}, or a failure whose code
 * is one of {@link TranslationWorkerVerticle}'s.
 *
 * @param deadlineMs how long the asker waits, counted from when the worker receives the request: a
 *     request still queued after that is dropped, an engine still busy after that is not waited for
 */
public record TranslationRequest(String streamId, LanguagePair pair, List<TranslationUnit> units, long deadlineMs) {

  public TranslationRequest {
    units = List.copyOf(units);
    if (deadlineMs <= 0) {
      throw new IllegalArgumentException("a translation deadline must be positive, not " + deadlineMs + " ms");
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("stream", streamId).put("source", pair.source()).put("target", pair.target())
        .put("units", new JsonArray(units.stream().map(TranslationUnit::toJson).toList()))
        .put("deadlineMs", deadlineMs);
  }

  public static TranslationRequest fromJson(JsonObject json) {
    return new TranslationRequest(json.getString("stream"),
        new LanguagePair(json.getString("source"), json.getString("target")),
        TranslationReply.units(json.getJsonArray("units")), json.getLong("deadlineMs"));
  }
}
