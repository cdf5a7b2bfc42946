package io.captiond.media.hls;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A master playlist (RFC 8216 §4.3.4): the variant streams and alternative renditions of one
 * presentation. captiond needs only audio, so it picks the cheapest way to get it:
 * {@link #audioPlaylist()}.
 */
public record MasterPlaylist(URI uri, List<Variant> variants, List<Rendition> audioRenditions) implements Playlist {

  /** EXT-X-STREAM-INF and the URI after it (§4.3.4.2). */
  public record Variant(URI uri, long bandwidth, String codecs, String audioGroup) {

    /**
     * Whether this variant may carry audio: CODECS (§4.3.4.2 "every media format in any of the
     * renditions") names an audio format, or is absent (unknown: assume so), or it has an AUDIO group.
     */
    boolean mayCarryAudio() {
      if (audioGroup != null || codecs == null) {
        return true;
      }
      String lower = codecs.toLowerCase(Locale.ROOT);
      return lower.contains("mp4a") || lower.contains("ac-3") || lower.contains("ec-3")
          || lower.contains("opus") || lower.contains("mp3") || lower.contains("flac");
    }
  }

  /** EXT-X-MEDIA with TYPE=AUDIO (§4.3.4.1); {@code uri} null when the audio is in the variant itself. */
  public record Rendition(String groupId, String name, boolean isDefault, URI uri) {}

  public MasterPlaylist {
    variants = List.copyOf(variants);
    audioRenditions = List.copyOf(audioRenditions);
  }

  /**
   * The media playlist to read audio from: the lowest-bandwidth variant that may carry audio; when it
   * names an AUDIO group whose renditions have their own URI (separate audio), that group's DEFAULT=YES
   * rendition (§4.3.4.1.1: the client plays it absent a user choice), else the group's first.
   */
  public URI audioPlaylist() throws HlsPlaylistException {
    Variant variant = variants.stream().filter(Variant::mayCarryAudio)
        .min(Comparator.comparingLong(Variant::bandwidth))
        .orElseThrow(() -> new HlsPlaylistException(0, "master playlist " + uri
            + " has no variant with audio (CODECS of every variant lists no audio format)"));
    if (variant.audioGroup() == null) {
      return variant.uri();
    }
    List<Rendition> group = audioRenditions.stream()
        .filter(r -> r.groupId().equals(variant.audioGroup()) && r.uri() != null).toList();
    Optional<Rendition> chosen = group.stream().filter(Rendition::isDefault).findFirst()
        .or(() -> group.stream().findFirst());
    return chosen.map(Rendition::uri).orElse(variant.uri());
  }
}
