package io.captiond.captions.hls;

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

  // Quoted-string values may not hold '"' or line breaks (section 4.2).
  private static String quoted(String value) {
    return value.replaceAll("[\"\\r\\n]", "'");
  }
}
