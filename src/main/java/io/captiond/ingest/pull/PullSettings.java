package io.captiond.ingest.pull;

import io.captiond.settings.Check;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Settings of pull sources (keys {@code pull.*}, named by the constants below).
 *
 * @param allowedSchemes URL schemes a pull source may use ({@code file} for local paths, off by
 *     default: a server must not read its own files for whoever holds an API token)
 * @param chunkMs duration of the PCM chunks handed on, 20 to 1 000
 * @param readTimeoutMs how long a network read may stall before the source fails, 100 to 600 000
 * @param maxConsecutiveErrors undecodable packets in a row before the source is declared broken
 * @param allowedHosts hosts a network pull may reach, and be redirected to (exact names or IP
 *     literals, or {@code *.example.com} for its subdomains); empty refuses every network pull
 * @param allowedDirs folders a {@code file} pull may read below (symbolic links resolved); needed
 *     when {@code file} is an allowed scheme
 */
public record PullSettings(Set<String> allowedSchemes, int chunkMs, long readTimeoutMs, int maxConsecutiveErrors,
    List<String> allowedHosts, List<Path> allowedDirs) {

  public static final String ALLOWED_SCHEMES = "pull.allowed_schemes";
  public static final String ALLOWED_HOSTS = "pull.allowed_hosts";
  public static final String ALLOWED_DIRS = "pull.allowed_dirs";
  public static final String CHUNK_MS = "pull.chunk_ms";
  public static final String READ_TIMEOUT_MS = "pull.read_timeout_ms";
  /**
   * Not a key: FFmpeg reports a damaged packet now and then on a healthy source; fifty in a row
   * (seconds of audio) only happen when the source is broken for good.
   */
  public static final int MAX_CONSECUTIVE_ERRORS = 50;

  public PullSettings {
    allowedSchemes = Set.copyOf(allowedSchemes.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList());
    for (String scheme : allowedSchemes) {
      Check.require(ALLOWED_SCHEMES, PullProtocols.KNOWN.contains(scheme), "scheme '" + scheme
          + "' is not one a pull source can use; known: " + PullProtocols.KNOWN);
    }
    allowedHosts = HostList.normalized(ALLOWED_HOSTS, allowedHosts);
    allowedDirs = allowedDirs.stream().map(d -> d.toAbsolutePath().normalize()).toList();
    Check.require(ALLOWED_DIRS, !allowedSchemes.contains("file") || !allowedDirs.isEmpty(),
        "pull.allowed_schemes lists file but pull.allowed_dirs is empty: list the folders pull"
            + " sources may read");
    Check.range(CHUNK_MS, "chunkMs", chunkMs, 20, 1_000);
    Check.range(READ_TIMEOUT_MS, "readTimeoutMs", readTimeoutMs, 100, 600_000);
  }

  public PullSettings(Set<String> allowedSchemes, int chunkMs, long readTimeoutMs, int maxConsecutiveErrors) {
    this(allowedSchemes, chunkMs, readTimeoutMs, maxConsecutiveErrors, List.of(), List.of());
  }

  /** Network schemes only, no host allowed yet: every pull is refused until hosts are listed. */
  public static PullSettings defaults() {
    return new PullSettings(Set.of("http", "https", "rtmp", "rtmps", "rtsp", "srt"), 100, 10_000,
        MAX_CONSECUTIVE_ERRORS);
  }

  /** These settings with local files read from {@code dirs}. */
  public PullSettings allowingFilesIn(List<Path> dirs) {
    Set<String> schemes = new java.util.HashSet<>(allowedSchemes);
    schemes.add("file");
    return new PullSettings(schemes, chunkMs, readTimeoutMs, maxConsecutiveErrors, allowedHosts, dirs);
  }

  /** Why {@code url} may not be pulled, in words for the API client; {@code null} when it may. */
  public String refusal(String url) {
    try {
      PullUrl.parse(url, this);
      return null;
    } catch (PullRefusedException e) {
      return e.getMessage();
    }
  }
}
