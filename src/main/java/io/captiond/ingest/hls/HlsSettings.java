package io.captiond.ingest.hls;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Settings of HLS pull sources, checked once here.
 *
 * @param allowedHosts hosts HLS may be pulled from (exact names or IP literals, or {@code *.example.com}
 *     for its subdomains); empty refuses every HLS source: a server must not fetch arbitrary URLs for
 *     whoever holds an API token (SSRF)
 * @param playlistMaxBytes largest playlist read; a longer body is aborted
 * @param playlistMaxSegments most segments one media playlist may list
 * @param segmentMaxBytes largest segment (or init section) read; a longer body is aborted while reading
 * @param segmentTimeoutMs the most one fetch (headers and body) may take
 * @param retries further attempts after a failed fetch
 * @param maxConsecutiveFailures segments (or playlist reloads) failing in a row before the stream fails
 */
public record HlsSettings(List<String> allowedHosts, int playlistMaxBytes, int playlistMaxSegments,
    long segmentMaxBytes, long segmentTimeoutMs, int retries, int maxConsecutiveFailures) {

  public HlsSettings {
    allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    for (String host : allowedHosts) {
      if (host.isEmpty() || host.contains("/") || host.contains("*") && !host.matches("\\*\\.[^*]+")) {
        throw new IllegalArgumentException("allowed_hosts: '" + host
            + "' is not a host name, an IP address or *.domain");
      }
    }
    positive("playlist_max_bytes", playlistMaxBytes);
    positive("playlist_max_segments", playlistMaxSegments);
    positive("segment_max_bytes", segmentMaxBytes);
    positive("segment_timeout_ms", segmentTimeoutMs);
    positive("max_consecutive_failures", maxConsecutiveFailures);
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be 0 or more, was " + retries);
    }
  }

  /** Test-friendly defaults (the same as conf/captiond.yaml) with the given hosts allowed. */
  public static HlsSettings allowing(List<String> hosts) {
    return new HlsSettings(hosts, 1 << 20, 10_000, 64L << 20, 10_000, 2, 5);
  }

  /**
   * Why {@code uri} may not be fetched, or {@code null} when it may: only http and https, only
   * allowed hosts. Checked when a stream is created and again before every request and redirect hop.
   */
  public String refusal(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "HLS URL " + uri + " is not http or https";
    }
    String host = host(uri);
    if (host == null) {
      return "HLS URL " + uri + " has no host";
    }
    if (allowedHosts.isEmpty()) {
      return "HLS pulls are disabled on this server: hls.allowed_hosts is empty; an administrator must list"
          + " the hosts HLS may be pulled from (e.g. hls.allowed_hosts: [cdn.example.com])";
    }
    return allowed(host) ? null
        : "host '" + host + "' is not in hls.allowed_hosts " + allowedHosts + " (URL " + uri + ")";
  }

  private boolean allowed(String host) {
    for (String entry : allowedHosts) {
      if (entry.startsWith("*.") ? host.endsWith(entry.substring(1)) : host.equals(entry)) {
        return true;
      }
    }
    return false;
  }

  static String host(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return null;
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  private static void positive(String key, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(key + " must be positive, was " + value);
    }
  }
}
