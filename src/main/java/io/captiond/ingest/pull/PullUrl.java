package io.captiond.ingest.pull;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A pull URL checked against {@link PullSettings} and made safe to hand to FFmpeg. FFmpeg picks
 * its protocol from the text before the first colon (and reads {@code concat:}, {@code subfile,,},
 * {@code tcp://...|} and nested {@code crypto+...} forms), so nothing reaches it that
 * {@code java.net.URI} cannot parse: a URL that does not parse is refused, never taken for a path.
 * A plain path becomes {@code file:} and its real path, which must lie below {@code pull.allowed_dirs}.
 *
 * @param scheme the URL's scheme, {@code file} for a path
 * @param ffmpegUrl what FFmpeg opens
 * @param shown the URL for logs and API replies, credentials and query values redacted
 */
public record PullUrl(String scheme, String ffmpegUrl, String shown) {

  private static final Pattern USER_INFO = Pattern.compile("//[^/?#@]*@");

  /** Checks {@code url}; throws a {@link PullRefusedException} saying what was refused and why. */
  public static PullUrl parse(String url, PullSettings settings) {
    String shown = redacted(url);
    if (url == null || url.isBlank() || url.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
      throw new PullRefusedException("source.url is empty or holds control characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      if (url.indexOf(':') >= 0) {
        throw new PullRefusedException("source.url " + shown + " is not a valid URL (" + e.getReason()
            + " at index " + e.getIndex() + "); FFmpeg's own URL forms (concat:, subfile, pipes) are refused");
      }
      return file(url, shown, settings);
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      return file(url, shown, settings);
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    if (!settings.allowedSchemes().contains(scheme)) {
      throw new PullRefusedException("source.url scheme '" + scheme + "' is not allowed on this server"
          + " (pull.allowed_schemes: " + settings.allowedSchemes() + ")");
    }
    if (scheme.equals("file")) {
      if (uri.isOpaque() || uri.getPath() == null || uri.getAuthority() != null || uri.getQuery() != null) {
        throw new PullRefusedException("source.url " + shown + " is not a plain file:/path URL");
      }
      return file(uri.getPath(), shown, settings);
    }
    checkHost(uri, shown, settings);
    return new PullUrl(scheme, url, shown);
  }

  /** Refuses a network URL without a host or with one outside {@code pull.allowed_hosts}. */
  static void checkHost(URI uri, String shown, PullSettings settings) {
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new PullRefusedException("source.url " + shown + " has no host");
    }
    if (settings.allowedHosts().isEmpty()) {
      throw new PullRefusedException("network pulls are disabled on this server: pull.allowed_hosts is"
          + " empty; an administrator must list the hosts pull sources may reach");
    }
    if (!HostList.allows(settings.allowedHosts(), host)) {
      throw new PullRefusedException("host '" + host + "' is not in pull.allowed_hosts "
          + settings.allowedHosts() + " (URL " + shown + ")");
    }
  }

  private static PullUrl file(String text, String shown, PullSettings settings) {
    if (!settings.allowedSchemes().contains("file")) {
      throw new PullRefusedException("local files are not allowed on this server (pull.allowed_schemes"
          + " has no file): " + shown);
    }
    Path path;
    try {
      path = Path.of(text).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new PullRefusedException("source.url " + shown + " is not a valid path");
    }
    Path real = realPath(path);
    for (Path dir : settings.allowedDirs()) {
      if (real.startsWith(dir) || real.startsWith(realPath(dir))) {
        return new PullUrl("file", "file:" + real, shown);
      }
    }
    throw new PullRefusedException("path " + shown + " is not below pull.allowed_dirs " + settings.allowedDirs());
  }

  /** The path with symbolic links resolved, as far as it exists. */
  private static Path realPath(Path path) {
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return path;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(path)).normalize();
    } catch (IOException e) {
      return path;
    }
  }

  /** FFmpeg options that keep it to this URL's protocols (and, on the network, media demuxers). */
  public Map<String, String> ffmpegOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("protocol_whitelist", PullProtocols.whitelist(scheme));
    if (PullProtocols.network(scheme)) {
      options.put("format_whitelist", PullProtocols.NETWORK_FORMATS);
    }
    if (scheme.equals("http") || scheme.equals("https")) {
      // redirects were followed and checked before FFmpeg was given the final URL
      options.put("max_redirects", "0");
    }
    return options;
  }

  /** This URL, now at {@code finalUrl} after checked redirects. */
  PullUrl redirectedTo(String finalUrl) {
    return new PullUrl(scheme, finalUrl, shown);
  }

  /**
   * {@code url} fit for a log line or an API reply: user info (credentials) and query values
   * (signed-URL tokens) replaced by {@code ***}.
   */
  public static String redacted(String url) {
    if (url == null) {
      return null;
    }
    String out = USER_INFO.matcher(url).replaceFirst("//***@");
    int query = out.indexOf('?');
    if (query >= 0) {
      int fragment = out.indexOf('#', query);
      String tail = fragment >= 0 ? out.substring(fragment) : "";
      String params = out.substring(query + 1, fragment >= 0 ? fragment : out.length());
      StringBuilder masked = new StringBuilder();
      for (String param : params.split("&", -1)) {
        int eq = param.indexOf('=');
        masked.append(masked.length() > 0 ? "&" : "").append(eq >= 0 ? param.substring(0, eq + 1) + "***" : param);
      }
      out = out.substring(0, query + 1) + masked + tail;
    }
    return out;
  }
}
