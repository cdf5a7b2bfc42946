package io.captiond.api;

import io.captiond.settings.Check;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Where {@code /metrics} is served and what it lists (keys {@code metrics.*}, named by the constants
 * below). By default it is on the API port behind the admin token, since the per-stream labels name
 * every stream id and an id is what guards a stream's captions and video.
 *
 * @param host interface of the separate management port; unused when {@link #onApiPort()}
 * @param port {@link #ON_API_PORT} (-1): on the API port, with the admin token; otherwise a separate
 *     management port (0 picks a free one) that serves only {@code /metrics}, without a token, for a
 *     private network
 * @param perStreamLabels register the meters tagged {@code stream} (one series per stream and meter);
 *     false keeps only the node-wide ones, for nodes with very many streams
 */
public record MetricsSettings(String host, int port, boolean perStreamLabels) {

  public static final String HOST = "metrics.host";
  public static final String PORT = "metrics.port";
  public static final String PER_STREAM_LABELS = "metrics.per_stream_labels";
  public static final int ON_API_PORT = -1;
  /** The tag of per-stream meters; its value is the stream id. */
  public static final String STREAM_TAG = "stream";

  public MetricsSettings {
    Check.range(PORT, "port", port, ON_API_PORT, 65_535);
    Check.require(HOST, host != null && !host.isBlank(), "host must not be empty; 127.0.0.1 keeps it on this machine");
  }

  /** On the API port, behind the admin token. */
  public static MetricsSettings defaults() {
    return new MetricsSettings("127.0.0.1", ON_API_PORT, true);
  }

  public boolean onApiPort() {
    return port == ON_API_PORT;
  }

  /**
   * The registry's filter: with per-stream labels off, a meter tagged {@code stream} is never
   * registered (its builder returns a no-op meter), so a node's series do not grow with its streams.
   */
  public MeterFilter streamMeters() {
    return perStreamLabels ? new MeterFilter() {} : MeterFilter.deny(id -> id.getTag(STREAM_TAG) != null);
  }
}
