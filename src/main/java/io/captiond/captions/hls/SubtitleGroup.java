package io.captiond.captions.hls;

import io.captiond.media.hls.MasterPlaylist;
import java.net.URI;
import java.util.List;

/**
 * Adds the subtitle rendition to a master playlist (RFC 8216 sections 4.3.4.1 EXT-X-MEDIA and
 * 4.3.4.2 EXT-X-STREAM-INF): one {@code #EXT-X-MEDIA:TYPE=SUBTITLES} line before the first variant,
 * and {@code SUBTITLES="subs"} on every variant that names no subtitle group yet. Pure.
 */
public final class SubtitleGroup {

  public static final String GROUP_ID = "subs";

  private SubtitleGroup() {}

  /** The EXT-X-MEDIA line naming {@code uri} as the English, default subtitle rendition. */
  public static String mediaLine(String uri, String name, String language) {
    return "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"" + GROUP_ID + "\",NAME=\"" + quoted(name)
        + "\",LANGUAGE=\"" + quoted(language) + "\",DEFAULT=YES,AUTOSELECT=YES,URI=\"" + quoted(uri) + "\"";
  }

  /** A further rendition of the group: another language of the same captions. */
  public record Track(String uri, String name, String language) {}

  /**
   * {@code master} with {@code tracks} added to its subtitle group, after the group's first line, each
   * {@code DEFAULT=NO}: the stream's own language stays the default (section 4.3.4.1.1: at most one
   * default per group). A master without the group comes back unchanged.
   */
  public static String addTracks(String master, List<Track> tracks) {
    String marker = "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"" + GROUP_ID + "\"";
    int at = master.indexOf(marker);
    if (at < 0 || tracks.isEmpty()) {
      return master;
    }
    int lineEnd = master.indexOf('\n', at);
    StringBuilder added = new StringBuilder();
    for (Track track : tracks) {
      added.append('\n').append(marker).append(",NAME=\"").append(quoted(track.name())).append("\",LANGUAGE=\"")
          .append(quoted(track.language())).append("\",DEFAULT=NO,AUTOSELECT=YES,URI=\"").append(quoted(track.uri()))
          .append('"');
    }
    int insertAt = lineEnd < 0 ? master.length() : lineEnd;
    return master.substring(0, insertAt) + added + master.substring(insertAt);
  }

  /**
   * {@code master} with the subtitle group added; a master that already has a subtitle group of
   * this id, or is not a master playlist, comes back unchanged.
   */
  public static String addTo(String master, String uri, String name, String language) {
    if (!master.startsWith("#EXTM3U") || master.contains("GROUP-ID=\"" + GROUP_ID + "\"")
        || !master.contains("#EXT-X-STREAM-INF:")) {
      return master;
    }
    StringBuilder out = new StringBuilder();
    boolean mediaAdded = false;
    for (String line : master.split("\r?\n", -1)) {
      if (line.startsWith("#EXT-X-STREAM-INF:")) {
        if (!mediaAdded) {
          out.append(mediaLine(uri, name, language)).append('\n');
          mediaAdded = true;
        }
        if (!line.contains("SUBTITLES=")) {
          line = line + ",SUBTITLES=\"" + GROUP_ID + "\"";
        }
      }
      out.append(line).append('\n');
    }
    // split kept the text after the last newline as one more (empty) line: drop its newline
    out.setLength(out.length() - 1);
    return out.toString();
  }

  /**
   * The master playlist served beside an HLS source: the source's variants and audio renditions with
   * absolute URIs (players fetch the media from the source), to which {@link #addTo} adds the
   * subtitles. A source that is a media playlist becomes one variant; its BANDWIDTH is unknown and
   * given as 1 (required by section 4.3.4.2, used by players only to choose among variants).
   */
  public static String sourceMaster(MasterPlaylist master, URI mediaPlaylist) {
    StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n");
    if (master == null) {
      return text.append("#EXT-X-STREAM-INF:BANDWIDTH=1\n").append(mediaPlaylist).append('\n').toString();
    }
    for (MasterPlaylist.Rendition audio : master.audioRenditions()) {
      text.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"").append(quoted(audio.groupId())).append("\",NAME=\"")
          .append(quoted(audio.name() == null ? audio.groupId() : audio.name())).append("\",DEFAULT=")
          .append(audio.isDefault() ? "YES" : "NO").append(",AUTOSELECT=YES");
      if (audio.uri() != null) {
        text.append(",URI=\"").append(quoted(audio.uri().toString())).append('"');
      }
      text.append('\n');
    }
    for (MasterPlaylist.Variant variant : master.variants()) {
      text.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(Math.max(1, variant.bandwidth()));
      if (variant.codecs() != null) {
        text.append(",CODECS=\"").append(quoted(variant.codecs())).append('"');
      }
      if (variant.audioGroup() != null) {
        text.append(",AUDIO=\"").append(quoted(variant.audioGroup())).append('"');
      }
      text.append('\n').append(variant.uri()).append('\n');
    }
    return text.toString();
  }

  /**
   * The master served beside an HLS source in synced mode: one variant, the one followed, whose URI is
   * {@code heldPlaylist} (the video playlist written beside the subtitles, listing the source's segments as
   * their subtitles are ready), with the source's audio renditions as they are. {@link #addTo} adds the
   * subtitles.
   */
  public static String heldSourceMaster(MasterPlaylist master, URI mediaPlaylist, String heldPlaylist) {
    StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n");
    MasterPlaylist.Variant followed = master == null ? null : master.variants().stream()
        .filter(v -> v.uri().equals(mediaPlaylist)).findFirst().orElse(null);
    text.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(followed == null ? 1 : Math.max(1, followed.bandwidth()));
    if (followed != null && followed.codecs() != null) {
      text.append(",CODECS=\"").append(quoted(followed.codecs())).append('"');
    }
    return text.append('\n').append(heldPlaylist).append('\n').toString();
  }

  // Quoted-string values may not hold '"' or line breaks (section 4.2).
  private static String quoted(String value) {
    return value.replaceAll("[\"\\r\\n]", "'");
  }
}
