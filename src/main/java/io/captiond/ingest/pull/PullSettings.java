package io.captiond.ingest.pull;

import java.util.Set;

/**
 * Settings of pull sources.
 *
 * @param allowedSchemes URL schemes a pull source may use ({@code file} for local paths)
 * @param chunkMs duration of the PCM chunks handed on
 * @param readTimeoutMs how long a network read may stall before the source fails
 * @param maxConsecutiveErrors undecodable packets in a row before the source is declared broken
 */
public record PullSettings(Set<String> allowedSchemes, int chunkMs, long readTimeoutMs, int maxConsecutiveErrors) {

  public PullSettings {
    allowedSchemes = Set.copyOf(allowedSchemes);
  }

  public static PullSettings defaults() {
    return new PullSettings(Set.of("file", "http", "https", "rtmp", "rtmps", "rtsp", "srt"), 100, 10_000, 50);
  }
}
