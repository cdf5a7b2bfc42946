package io.captiond.media.hls;

import java.net.URI;
import java.util.List;

/**
 * A media playlist (RFC 8216 §4.3.3): the segments of one rendition, in order.
 *
 * @param uri where it was loaded from (segment URIs are already resolved against it)
 * @param targetDurationMs EXT-X-TARGETDURATION in ms: the longest segment, and the reload interval (§6.3.4)
 * @param mediaSequence EXT-X-MEDIA-SEQUENCE: the sequence number of the first segment
 * @param endList EXT-X-ENDLIST seen: no segment will be added (§4.3.3.4)
 */
public record MediaPlaylist(URI uri, long targetDurationMs, long mediaSequence, List<MediaSegment> segments,
    boolean endList) implements Playlist {

  public MediaPlaylist {
    segments = List.copyOf(segments);
  }

  /** The sequence number the next added segment will have. */
  public long nextSequence() {
    return mediaSequence + segments.size();
  }

  /**
   * Where a live client starts. RFC 8216 §6.3.3: without EXT-X-ENDLIST "the client SHOULD NOT choose
   * a segment that starts less than three target durations from the end of the Playlist file"; so
   * the latest segment that starts at least three target durations from the end (typically the last
   * three). A playlist with EXT-X-ENDLIST is played from its first segment.
   */
  public long startSequence() {
    if (endList || segments.isEmpty()) {
      return mediaSequence;
    }
    long fromEnd = 0;
    for (int i = segments.size() - 1; i >= 0; i--) {
      fromEnd += segments.get(i).durationMs();
      if (fromEnd >= 3 * targetDurationMs) {
        return segments.get(i).sequence();
      }
    }
    return mediaSequence;
  }
}
