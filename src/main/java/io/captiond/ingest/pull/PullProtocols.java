package io.captiond.ingest.pull;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What FFmpeg may do for each scheme a pull URL may have: the protocols of its
 * {@code protocol_whitelist} (a scheme's own and those it runs on), and for network sources the
 * demuxers of {@code format_whitelist}, which leaves out playlists (HLS, DASH, concat): their
 * entries name further URLs FFmpeg would open without {@code pull.allowed_hosts} being asked.
 */
final class PullProtocols {

  private static final Map<String, List<String>> PROTOCOLS = Map.of(
      "file", List.of("file"),
      "http", List.of("http", "https", "tcp", "tls"),
      "https", List.of("http", "https", "tcp", "tls"),
      "rtmp", List.of("rtmp", "tcp"),
      "rtmps", List.of("rtmps", "tcp", "tls"),
      "rtsp", List.of("rtsp", "rtp", "udp", "tcp", "tls"),
      "srt", List.of("srt", "udp"));

  static final Set<String> KNOWN = PROTOCOLS.keySet();

  /** Demuxers of live and file media carrying audio; no playlist or script formats. */
  static final String NETWORK_FORMATS = "flv,live_flv,mpegts,mov,mp4,m4a,matroska,webm,wav,mp3,aac,"
      + "ogg,flac,rtsp,sdp,rtp,ac3,eac3,opus,amr,mpeg";

  private PullProtocols() {}

  /** The {@code protocol_whitelist} for a URL of {@code scheme}. */
  static String whitelist(String scheme) {
    return String.join(",", new LinkedHashSet<>(PROTOCOLS.get(scheme)));
  }

  static boolean network(String scheme) {
    return !scheme.equals("file");
  }
}
