package io.captiond.restream;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * An output's {@code rtmp://host[:port]/app/key} or {@code rtmps://...} URL. The last path
 * segment is the stream key (a secret: {@link #toString} and {@link #redacted} print {@code ***});
 * the rest of the path is the application, as OBS and FFmpeg split it. Query strings stay with the
 * key, where platforms put their tokens.
 */
public record RtmpUrl(boolean tls, String host, int port, String app, String key) {

  public static final int RTMP_PORT = 1935;
  public static final int RTMPS_PORT = 443;

  public RtmpUrl {
    if (host.isEmpty() || app.isEmpty() || key.isEmpty()) {
      throw new IllegalArgumentException("an RTMP output needs a host, an app and a key");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " outside 1..65535");
    }
  }

  /** @throws IllegalArgumentException naming what is missing; the message never holds the key */
  public static RtmpUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("rtmp") && !scheme.equals("rtmps")) {
      throw new IllegalArgumentException("an output URL is rtmp:// or rtmps://, was " + (scheme.isEmpty() ? "no scheme" : scheme + "://"));
    }
    boolean tls = scheme.equals("rtmps");
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("an output URL needs a host");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    int slash = trimmed.lastIndexOf('/');
    if (slash <= 0 || slash == trimmed.length() - 1) {
      throw new IllegalArgumentException("an output URL's path is /app/key");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? RTMPS_PORT : RTMP_PORT;
    return new RtmpUrl(tls, uri.getHost(), port, trimmed.substring(0, slash), trimmed.substring(slash + 1) + query);
  }

  /** The {@code tcUrl} of the connect command: the URL without the key. */
  public String tcUrl() {
    return (tls ? "rtmps" : "rtmp") + "://" + host + ":" + port + "/" + app;
  }

  /** The URL with the key replaced by {@code ***}, for logs, metrics and responses. */
  public String redacted() {
    return tcUrl() + "/***";
  }

  @Override
  public String toString() {
    return redacted();
  }
}
