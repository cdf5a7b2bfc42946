package io.captiond.translate;

import io.vertx.core.json.JsonObject;

/**
 * A piece of text a translator can work with (a sentence, or a clause that ended at a pause) and
 * the time span, in stream milliseconds, of the source words it came from. A translated unit keeps
 * the span of its source unit, so its cue shows while the original words were spoken.
 */
public record TranslationUnit(String text, long startMs, long endMs) {

  public TranslationUnit {
    if (text == null) {
      throw new IllegalArgumentException("a unit needs text");
    }
    if (endMs < startMs) {
      throw new IllegalArgumentException("a unit ends at " + endMs + " ms, before it starts at " + startMs + " ms");
    }
  }

  /** The same span with other text: the translation of this unit. */
  public TranslationUnit withText(String translated) {
    return new TranslationUnit(translated, startMs, endMs);
  }

  public JsonObject toJson() {
    return new JsonObject().put("text", text).put("startMs", startMs).put("endMs", endMs);
  }

  public static TranslationUnit fromJson(JsonObject json) {
    return new TranslationUnit(json.getString("text"), json.getLong("startMs"), json.getLong("endMs"));
  }
}
