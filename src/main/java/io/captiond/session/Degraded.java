package io.captiond.session;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of what a stream reports degraded: {@code {"disk": "cannot store captions (...): 3 final(s)
 * held in memory"}}, one entry per cause, absent when healthy.
 */
public final class Degraded {

  /** Finals cannot be stored: they are held in memory and retried. */
  public static final String DISK = "disk";
  /** Windows are being skipped in a row: no worker answered in time, or the engine refused them. */
  public static final String ASR = "asr";
  /** A translation service is down or failing: source captions go on, translated units wait (bounded). */
  public static final String TRANSLATION = "translation";

  private Degraded() {}

  public static JsonObject toJson(Map<String, String> degraded) {
    JsonObject json = new JsonObject();
    new TreeMap<>(degraded).forEach(json::put);
    return json;
  }

  public static Map<String, String> fromJson(JsonObject json) {
    Map<String, String> degraded = new TreeMap<>();
    if (json != null) {
      json.forEach(entry -> degraded.put(entry.getKey(), String.valueOf(entry.getValue())));
    }
    return degraded;
  }
}
