package io.captiond.viewers;

import io.captiond.settings.Check;
import java.util.List;

/**
 * {@code viewers.*}: the policy of new streams, how long viewer tokens may live, and how many WebSocket viewers
 * one stream and one address may hold.
 *
 * @param defaultPolicy the policy of a stream created without one (and of streams kept from before policies)
 * @param defaultTokenSeconds a token's life when the request names none
 * @param maxTokenSeconds the longest life a token may be given
 * @param maxPerStream open WebSocket caption feeds allowed on one stream
 * @param maxPerAddress open WebSocket caption feeds allowed from one remote address (all streams)
 * @param allowedOrigins {@code Origin} values allowed to open a caption feed; empty: any (and none)
 */
public record ViewerSettings(ViewerPolicy defaultPolicy, long defaultTokenSeconds, long maxTokenSeconds,
    int maxPerStream, int maxPerAddress, List<String> allowedOrigins) {

  public static final String DEFAULT_POLICY = "viewers.default";
  public static final String DEFAULT_TOKEN_SECONDS = "viewers.token_seconds";
  public static final String MAX_TOKEN_SECONDS = "viewers.max_token_seconds";
  public static final String MAX_PER_STREAM = "viewers.max_per_stream";
  public static final String MAX_PER_ADDRESS = "viewers.max_per_address";
  public static final String ALLOWED_ORIGINS = "viewers.allowed_origins";

  public ViewerSettings {
    allowedOrigins = List.copyOf(allowedOrigins);
    Check.range(MAX_TOKEN_SECONDS, "max token seconds", maxTokenSeconds, 1, 366L * 24 * 3600);
    Check.range(DEFAULT_TOKEN_SECONDS, "token seconds", defaultTokenSeconds, 1, maxTokenSeconds);
    Check.range(MAX_PER_STREAM, "viewers per stream", maxPerStream, 1, 1_000_000);
    Check.range(MAX_PER_ADDRESS, "viewers per address", maxPerAddress, 1, 1_000_000);
    for (String origin : allowedOrigins) {
      Check.require(ALLOWED_ORIGINS, origin.matches("https?://[^/\\s]+"),
          "an origin is scheme://host[:port] with no path, got '" + origin + "'");
    }
  }

  public static ViewerSettings defaults() {
    return new ViewerSettings(ViewerPolicy.PUBLIC, 3600, 7 * 24 * 3600, 1000, 20, List.of());
  }

  /** Whether a WebSocket with this {@code Origin} header (may be null) may open. */
  public boolean originAllowed(String origin) {
    return allowedOrigins.isEmpty() || origin != null && allowedOrigins.contains(origin);
  }
}
