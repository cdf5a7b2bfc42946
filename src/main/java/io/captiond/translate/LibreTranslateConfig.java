package io.captiond.translate;

import io.vertx.core.json.JsonObject;

/**
 * Where a LibreTranslate service runs and how to call it.
 *
 * @param url its base URL, e.g. {@code http://127.0.0.1:5000}
 * @param apiKey sent as {@code api_key} when the service requires keys; {@code null} when it does not
 * @param timeoutMs how long one call may take
 */
public record LibreTranslateConfig(String url, String apiKey, long timeoutMs) {

  public static final String URL = "url";
  public static final String API_KEY = "apiKey";
  public static final String TIMEOUT_MS = "timeoutMs";
  public static final String DEFAULT_URL = "http://127.0.0.1:5000";
  public static final long DEFAULT_TIMEOUT_MS = 10_000;

  public LibreTranslateConfig {
    url = ApertiumConfig.stripSlash(url);
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("libretranslate " + TIMEOUT_MS + " must be positive, not " + timeoutMs);
    }
  }

  public static LibreTranslateConfig fromJson(JsonObject json) {
    return new LibreTranslateConfig(json.getString(URL, DEFAULT_URL), json.getString(API_KEY),
        json.getLong(TIMEOUT_MS, DEFAULT_TIMEOUT_MS));
  }
}
