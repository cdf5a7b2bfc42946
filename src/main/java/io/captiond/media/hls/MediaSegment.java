package io.captiond.media.hls;

import java.net.URI;
import java.util.Objects;

/**
 * One media segment of a media playlist (RFC 8216 §3, §4.3.2).
 *
 * @param sequence its Media Sequence Number (§6.3.5: the client loads segments in this order)
 * @param uri absolute, resolved against the playlist's URI
 * @param durationMs the EXTINF duration, in ms
 * @param discontinuity preceded by EXT-X-DISCONTINUITY: timestamps may restart at this segment
 * @param discontinuitySequence its Discontinuity Sequence Number (§4.3.3.3)
 * @param initSection the EXT-X-MAP in force (fMP4 initialization section), or {@code null}
 */
public record MediaSegment(long sequence, URI uri, long durationMs, boolean discontinuity,
    long discontinuitySequence, URI initSection) {

  public MediaSegment {
    Objects.requireNonNull(uri, "uri");
  }
}
