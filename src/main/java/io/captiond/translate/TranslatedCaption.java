package io.captiond.translate;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A caption of a stream's translated track: a translated final (a {@link TranslationUnit} once
 * translated, stored before it is announced) or a cue laid out from those finals. {@code seq}
 * increases strictly within the language's track; {@code sources} names the source finals (their
 * {@code seq}) a final translates, in order; a cue names none. Times are the source words' stream
 * milliseconds. With {@code translate.tentative}, a {@code tentative} caption ({@code "type": "partial"}) is the
 * translation of the open unit's words and the source's tentative text: sent live, never stored, replaced by
 * the next one or the final.
 */
public record TranslatedCaption(String streamId, String language, long seq, boolean isFinal, List<Long> sources,
    String text, long startMs, long endMs, boolean tentative) {

  /** A final or a cue. */
  public TranslatedCaption(String streamId, String language, long seq, boolean isFinal, List<Long> sources,
      String text, long startMs, long endMs) {
    this(streamId, language, seq, isFinal, sources, text, startMs, endMs, false);
  }

  public TranslatedCaption {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(text, "text");
    sources = List.copyOf(sources);
    if (endMs < startMs) {
      throw new IllegalArgumentException("caption ends (" + endMs + ") before it starts (" + startMs + ")");
    }
    if (isFinal && tentative) {
      throw new IllegalArgumentException("a translated caption is final or tentative, not both");
    }
  }

  /**
   * The form players read: {@code {"seq","type","lang","text","start","end"}}, for a final {@code "source"}
   * (the source seqs it translates), for a cue {@code "lines"}.
   */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("seq", seq).put("type", isFinal ? "final" : tentative ? "partial" : "cue")
        .put("lang", language)
        .put("text", text).put("start", startMs).put("end", endMs);
    if (isFinal) {
      json.put("source", new JsonArray(new ArrayList<>(sources)));
    } else if (!tentative) {
      json.put("lines", new JsonArray(List.of(text.split("\n"))));
    }
    return json;
  }

  /** The bus and store form: the player form plus the stream id. */
  public JsonObject toStoredJson() {
    JsonObject json = toJson().put("stream", streamId);
    json.remove("lines");
    return json;
  }

  public static TranslatedCaption fromStoredJson(JsonObject json) {
    JsonArray sources = json.getJsonArray("source", new JsonArray());
    List<Long> seqs = new ArrayList<>(sources.size());
    for (int i = 0; i < sources.size(); i++) {
      seqs.add(sources.getLong(i));
    }
    return new TranslatedCaption(json.getString("stream"), json.getString("lang"), json.getLong("seq"),
        "final".equals(json.getString("type")), seqs, json.getString("text"), json.getLong("start"),
        json.getLong("end"), "partial".equals(json.getString("type")));
  }
}
