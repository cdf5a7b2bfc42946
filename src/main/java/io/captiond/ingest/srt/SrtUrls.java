package io.captiond.ingest.srt;

import java.net.URI;
import java.util.Locale;

/**
 * The {@code srt://} URLs FFmpeg's libsrt protocol opens, and the one a publisher is given. libsrt
 * reads its options from the query: {@code latency} and {@code listen_timeout} and {@code timeout} in
 * microseconds, {@code connect_timeout} in milliseconds, {@code oheadbw} in percent.
 */
public final class SrtUrls {

  /** SRT's rule for SRTO_PASSPHRASE: 10 to 79 characters (shorter or longer is refused by libsrt). */
  public static final int MIN_PASSPHRASE = 10;
  public static final int MAX_PASSPHRASE = 79;
  /** A listener waits this long for a caller, then looks at whether the stream stopped or its grace ran out. */
  static final long LISTEN_POLL_US = 1_000_000;
  /** A connection silent this long is gone (SRT's own peer idle timeout is 5 s). */
  static final long READ_TIMEOUT_US = 5_000_000;
  static final int CONNECT_TIMEOUT_MS = 3_000;

  private SrtUrls() {}

  /** Where a stream's listener waits for its publisher, the stream key as passphrase. */
  static String listener(SrtSettings settings, int port, String passphrase) {
    return "srt://" + bracketed(settings.host()) + ":" + port + "?mode=listener&transtype=live"
        + "&passphrase=" + checkedPassphrase(passphrase)
        + "&latency=" + settings.latencyMs() * 1000L + "&oheadbw=" + settings.overheadPercent()
        + "&listen_timeout=" + LISTEN_POLL_US + "&timeout=" + READ_TIMEOUT_US;
  }

  /**
   * The caller URL for an encoder's listener: the user's options kept, ours added where it set none.
   * A call waits at most {@code maxConnectMs} (no longer than the grace the stream has left).
   */
  static String caller(SrtSettings settings, String url, long maxConnectMs) {
    String query = URI.create(url).getRawQuery();
    StringBuilder out = new StringBuilder(url);
    String separator = query == null ? "?" : "&";
    for (String[] option : new String[][] {{"mode", "caller"}, {"transtype", "live"},
        {"latency", Long.toString(settings.latencyMs() * 1000L)},
        {"oheadbw", Integer.toString(settings.overheadPercent())},
        {"connect_timeout", Long.toString(Math.max(100, Math.min(CONNECT_TIMEOUT_MS, maxConnectMs)))}, {"timeout", Long.toString(READ_TIMEOUT_US)}}) {
      if (!has(query, option[0])) {
        out.append(separator).append(option[0]).append('=').append(option[1]);
        separator = "&";
      }
    }
    return out.toString();
  }

  /** What the API tells the creator of a listening stream: a caller URL for OBS, ffmpeg, vMix. */
  public static String publish(String host, int port, String passphrase) {
    return "srt://" + bracketed(host) + ":" + port + "?passphrase=" + passphrase;
  }

  /** The URL with any passphrase hidden, for logs and messages. */
  public static String redacted(String url) {
    return url == null ? null : url.replaceAll("(?i)(passphrase=)[^&]*", "$1***");
  }

  static String checkedPassphrase(String passphrase) {
    if (passphrase.length() < MIN_PASSPHRASE || passphrase.length() > MAX_PASSPHRASE) {
      throw new IllegalArgumentException("an SRT passphrase has " + MIN_PASSPHRASE + " to " + MAX_PASSPHRASE
          + " characters, this stream key has " + passphrase.length());
    }
    return passphrase;
  }

  private static boolean has(String query, String option) {
    if (query == null) {
      return false;
    }
    for (String pair : query.split("&")) {
      if (pair.toLowerCase(Locale.ROOT).startsWith(option + "=")) {
        return true;
      }
    }
    return false;
  }

  private static String bracketed(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
