package io.captiond.ingest.srt;

import io.captiond.settings.Check;
import java.util.Locale;

/**
 * Settings of SRT sources (keys {@code srt.*}, named by the constants below). Reconnect grace, PCM
 * chunk size, pipe bounds and the HLS output are the RTMP ingest's ({@code rtmp.*}, {@code hls_out.*}):
 * an SRT publisher is treated as an RTMP one is.
 *
 * @param host interface the listeners bind
 * @param firstPort first UDP port of {@code srt.port_range}, one port per listening stream
 * @param lastPort last UDP port of the range (inclusive)
 * @param latencyMs SRT receive latency (TSBPD), 20 to 10 000: the jitter and retransmission budget
 * @param overheadPercent bandwidth SRT may add for retransmissions, 5 to 100 (SRTO_OHEADBW)
 */
public record SrtSettings(String host, int firstPort, int lastPort, int latencyMs, int overheadPercent) {

  public static final String HOST = "srt.host";
  public static final String PORT_RANGE = "srt.port_range";
  public static final String LATENCY_MS = "srt.latency_ms";
  public static final String OVERHEAD_PERCENT = "srt.overhead_percent";

  public SrtSettings {
    Check.require(HOST, host != null && !host.isBlank(), "host is required, e.g. 0.0.0.0");
    Check.range(PORT_RANGE, "first port", firstPort, 1, 65_535);
    Check.range(PORT_RANGE, "last port", lastPort, firstPort, 65_535);
    Check.range(LATENCY_MS, "latency", latencyMs, 20, 10_000);
    Check.range(OVERHEAD_PERCENT, "overhead", overheadPercent, 5, 100);
  }

  /** Reads {@code srt.port_range}: {@code "9000-9099"}, or one port. */
  public static SrtSettings of(String host, String portRange, int latencyMs, int overheadPercent) {
    String[] ends = portRange.strip().split("\\s*-\\s*");
    try {
      int first = Integer.parseInt(ends[0]);
      int last = ends.length == 2 ? Integer.parseInt(ends[1]) : first;
      Check.require(PORT_RANGE, ends.length <= 2, "'" + portRange + "' is not FIRST-LAST");
      return new SrtSettings(host.strip().toLowerCase(Locale.ROOT), first, last, latencyMs, overheadPercent);
    } catch (NumberFormatException e) {
      Check.require(PORT_RANGE, false, "'" + portRange + "' is not FIRST-LAST, e.g. 9000-9099");
      throw e;
    }
  }

  public static SrtSettings defaults() {
    return new SrtSettings("0.0.0.0", 9000, 9099, 120, 25);
  }

  public int ports() {
    return lastPort - firstPort + 1;
  }
}
