package io.captiond.ingest;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Locale;

/**
 * Where a stream's media comes from, as given to {@code POST /api/streams}.
 *
 * @param url for {@code pull}: anything FFmpeg reads (a file path, http(s), rtmp, rtsp, srt ...); for
 *     {@code hls}: the http(s) URL of a master or media playlist; {@code null} for {@code rtmp} (the
 *     publisher pushes to us); for {@code srt}: {@code srt://host:port}, an encoder's listener that
 *     captiond calls, or {@code null} (captiond listens, the publisher calls)
 * @param realtime for {@code pull} and a complete {@code hls} playlist: pace the source at its own speed,
 *     as a live stream would arrive
 */
public record SourceSpec(Type type, String url, boolean realtime) {

  public enum Type {
    PULL, RTMP, HLS, SRT;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Reads and validates the {@code source} object; the exception message names the bad field. */
  public static SourceSpec fromJson(JsonObject json) {
    if (json == null) {
      throw new IllegalArgumentException("source is required, e.g. {\"type\":\"pull\",\"url\":\"...\"}");
    }
    Object rawType = json.getValue("type");
    if (!(rawType instanceof String typeName)) {
      throw new IllegalArgumentException("source.type is required: one of pull, rtmp, hls, srt");
    }
    Type type;
    try {
      type = Type.valueOf(typeName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("source.type '" + typeName + "' is unknown: one of pull, rtmp, hls, srt");
    }
    if (type == Type.RTMP) {
      if (json.getValue("url") != null) {
        throw new IllegalArgumentException("source.url is not used by an rtmp source: the publisher"
            + " pushes to the publish address in the response");
      }
      return new SourceSpec(type, null, true);
    }
    if (type == Type.SRT) {
      Object url = json.getValue("url");
      if (url != null && !(url instanceof String)) {
        throw new IllegalArgumentException("source.url of an srt source must be srt://host:port or absent");
      }
      return new SourceSpec(type, url == null ? null : requireSrtCaller(((String) url).strip()), true);
    }
    Object url = json.getValue("url");
    if (!(url instanceof String text) || text.isBlank()) {
      throw new IllegalArgumentException("source.url is required for a " + type.wireName() + " source");
    }
    if (type == Type.HLS) {
      requireHttp(text.strip());
    }
    Object realtime = json.getValue("realtime", Boolean.TRUE);
    if (!(realtime instanceof Boolean paced)) {
      throw new IllegalArgumentException("source.realtime must be true or false");
    }
    return new SourceSpec(type, text.strip(), paced);
  }

  private static void requireHttp(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("source.url is not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new IllegalArgumentException("source.url of an hls source must be an http or https URL, was " + url);
    }
  }

  /** An encoder's SRT listener: {@code srt://host:port}, options in the query, never captiond's own mode. */
  private static String requireSrtCaller(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("source.url is not a valid URL");
    }
    if (!"srt".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
      throw new IllegalArgumentException("source.url of an srt source must be srt://host:port (the encoder's"
          + " listener, which captiond calls); without a url captiond listens and returns the URL to publish to");
    }
    String query = uri.getRawQuery() == null ? "" : "&" + uri.getRawQuery().toLowerCase(Locale.ROOT);
    if (query.contains("&mode=") && !query.contains("&mode=caller")) {
      throw new IllegalArgumentException("source.url of an srt source is called by captiond (mode=caller);"
          + " for captiond to listen, give no url and publish to the URL in the response");
    }
    return url;
  }

  /** The URL's scheme, {@code file} for a plain path. */
  public String scheme() {
    if (url == null) {
      return type.wireName();
    }
    try {
      String scheme = URI.create(url.replace(" ", "%20")).getScheme();
      return scheme == null || scheme.length() == 1 ? "file" : scheme.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return "file";
    }
  }

  /** The URL as shown in descriptions and logs: an SRT passphrase in its query hidden. */
  public String shownUrl() {
    return url == null ? null : url.replaceAll("(?i)([?&]passphrase=)[^&]*", "$1***");
  }

  /** {@link #toJson()} as shown to API clients and logs: secrets in the URL hidden ({@link #shownUrl()}). */
  public JsonObject publicJson() {
    return toJson().put("url", shownUrl());
  }

  public JsonObject toJson() {
    return new JsonObject().put("type", type.wireName()).put("url", url).put("realtime", realtime);
  }
}
