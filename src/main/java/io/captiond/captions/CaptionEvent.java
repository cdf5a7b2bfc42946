package io.captiond.captions;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A caption as players receive it. {@code seq} increases strictly within a stream across all
 * events; a partial replaces the previous partial, a final is never revised, a cue is a final's
 * text laid out for the screen. Times are stream milliseconds.
 */
public record CaptionEvent(String streamId, long seq, Type type, String text, long startMs, long endMs) {

  public enum Type {
    /** Tentative text of the speech going on; replaces the previous partial. */
    PARTIAL,
    /** Confirmed text; never revised, stored before it is announced. */
    FINAL,
    /** A subtitle cue laid out from finals (lines joined by newlines); live only, derivable from the finals. */
    CUE;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Type fromWire(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public CaptionEvent {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(text, "text");
    if (endMs < startMs) {
      throw new IllegalArgumentException("caption ends (" + endMs + ") before it starts (" + startMs + ")");
    }
  }

  public boolean isFinal() {
    return type == Type.FINAL;
  }

  /** The form players read: {@code {"seq","type","text","start","end"}}, and for cues {@code "lines"}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("seq", seq).put("type", type.wireName()).put("text", text)
        .put("start", startMs).put("end", endMs);
    if (type == Type.CUE) {
      json.put("lines", new io.vertx.core.json.JsonArray(java.util.Arrays.asList(text.split("\n"))));
    }
    return json;
  }

  /** The bus and store form: the player form plus the stream id. */
  public JsonObject toStoredJson() {
    JsonObject json = toJson().put("stream", streamId);
    json.remove("lines");
    return json;
  }

  public static CaptionEvent fromStoredJson(JsonObject json) {
    return new CaptionEvent(json.getString("stream"), json.getLong("seq"),
        Type.fromWire(json.getString("type")), json.getString("text"), json.getLong("start"),
        json.getLong("end"));
  }
}
