package io.captiond.translate;

import io.vertx.core.json.JsonObject;

/**
 * Where an Apertium APy runs and how to call it.
 *
 * @param url the APy base URL, e.g. {@code http://127.0.0.1:2737}
 * @param timeoutMs how long one call may take; APy starts a pair's pipeline on its first request
 *     (about 0.7 s), so this should leave room for that
 * @param markUnknown whether words Apertium does not know come back marked with {@code *}, as the
 *     {@code apertium} command line marks them by default
 */
public record ApertiumConfig(String url, long timeoutMs, boolean markUnknown) {

  public static final String URL = "url";
  public static final String TIMEOUT_MS = "timeoutMs";
  public static final String MARK_UNKNOWN = "markUnknown";
  public static final String DEFAULT_URL = "http://127.0.0.1:2737";
  public static final long DEFAULT_TIMEOUT_MS = 5_000;

  public ApertiumConfig {
    url = stripSlash(url);
    if (timeoutMs <= 0) {
      throw new IllegalArgumentException("apertium " + TIMEOUT_MS + " must be positive, not " + timeoutMs);
    }
  }

  public static ApertiumConfig fromJson(JsonObject json) {
    return new ApertiumConfig(json.getString(URL, DEFAULT_URL), json.getLong(TIMEOUT_MS, DEFAULT_TIMEOUT_MS),
        json.getBoolean(MARK_UNKNOWN, true));
  }

  static String stripSlash(String url) {
    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw new IllegalArgumentException("a translation service URL must start with http:// or https://, not " + url);
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
