package io.captiond.restream;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * One restream output as asked for: {@code {"url": "rtmp(s)://host[:port]/app/key", "captions":
 * "cea608"|"none"}}. The URL holds the platform's stream key, a secret: {@link #describe} and
 * {@link #toString} show it redacted; only {@link #toJson} (what the stream's folder keeps, owner-only)
 * holds it.
 */
public record OutputSpec(String url, Captions captions) {

  /** Whether the output's video carries the stream's captions. */
  public enum Captions {
    /** CEA-608 CC1 (and a 708 service 1 with the same text) in A/53 SEI of every H.264 frame. */
    CEA608,
    /** The video as received. */
    NONE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Captions fromWire(String name) {
      for (Captions c : values()) {
        if (c.wireName().equals(name)) {
          return c;
        }
      }
      throw new IllegalArgumentException("output captions must be 'cea608' or 'none', was '" + name + "'");
    }
  }

  public OutputSpec {
    RtmpUrl.parse(url); // throws naming what is wrong, never the key
  }

  /** @throws IllegalArgumentException naming the field at fault (never the key) */
  public static OutputSpec fromJson(Object value) {
    if (!(value instanceof JsonObject json)) {
      throw new IllegalArgumentException("an output is an object {\"url\": \"rtmp://host/app/key\", \"captions\": \"cea608\"}");
    }
    Object url = json.getValue("url");
    if (!(url instanceof String text) || text.isBlank()) {
      throw new IllegalArgumentException("an output needs a url (rtmp:// or rtmps://)");
    }
    Object captions = json.getValue("captions", Captions.CEA608.wireName());
    if (!(captions instanceof String name)) {
      throw new IllegalArgumentException("output captions must be 'cea608' or 'none'");
    }
    try {
      return new OutputSpec(text.strip(), Captions.fromWire(name));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("output url: " + e.getMessage());
    }
  }

  /** The kept form, key included. */
  public JsonObject toJson() {
    return new JsonObject().put("url", url).put("captions", captions.wireName());
  }

  /** The shown form: the URL's key as {@code ***}. */
  public JsonObject describe() {
    return new JsonObject().put("url", redactedUrl()).put("captions", captions.wireName());
  }

  public String redactedUrl() {
    return RtmpUrl.parse(url).redacted();
  }

  @Override
  public String toString() {
    return "OutputSpec[" + redactedUrl() + ", " + captions.wireName() + "]";
  }
}
