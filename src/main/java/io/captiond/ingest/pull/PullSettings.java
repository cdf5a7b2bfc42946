package io.captiond.ingest.pull;

import io.captiond.settings.Check;
import java.util.Set;

/**
 * Settings of pull sources (keys {@code pull.*}, named by the constants below).
 *
 * @param allowedSchemes URL schemes a pull source may use ({@code file} for local paths)
 * @param chunkMs duration of the PCM chunks handed on, 20 to 1 000
 * @param readTimeoutMs how long a network read may stall before the source fails, 100 to 600 000
 * @param maxConsecutiveErrors undecodable packets in a row before the source is declared broken
 */
public record PullSettings(Set<String> allowedSchemes, int chunkMs, long readTimeoutMs, int maxConsecutiveErrors) {

  public static final String ALLOWED_SCHEMES = "pull.allowed_schemes";
  public static final String CHUNK_MS = "pull.chunk_ms";
  public static final String READ_TIMEOUT_MS = "pull.read_timeout_ms";
  /**
   * Not a key: FFmpeg reports a damaged packet now and then on a healthy source; fifty in a row
   * (seconds of audio) only happen when the source is broken for good.
   */
  public static final int MAX_CONSECUTIVE_ERRORS = 50;

  public PullSettings {
    allowedSchemes = Set.copyOf(allowedSchemes);
    Check.range(CHUNK_MS, "chunkMs", chunkMs, 20, 1_000);
    Check.range(READ_TIMEOUT_MS, "readTimeoutMs", readTimeoutMs, 100, 600_000);
  }

  public static PullSettings defaults() {
    return new PullSettings(Set.of("file", "http", "https", "rtmp", "rtmps", "rtsp", "srt"), 100, 10_000,
        MAX_CONSECUTIVE_ERRORS);
  }
}
