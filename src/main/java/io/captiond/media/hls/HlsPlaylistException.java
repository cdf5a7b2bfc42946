package io.captiond.media.hls;

/**
 * A playlist that breaks a rule of RFC 8216 or a limit the parser was given (the
 * {@code hls.playlist_*} keys): the message says which line and why. RFC 8216 §4: "Playlists that violate these rules are invalid; clients MUST fail to
 * parse them."
 */
public final class HlsPlaylistException extends Exception {

  private final int line;

  public HlsPlaylistException(int line, String why) {
    super(line > 0 ? "line " + line + ": " + why : why);
    this.line = line;
  }

  /** The 1-based line of the playlist at fault; 0 for the playlist as a whole. */
  public int line() {
    return line;
  }
}
