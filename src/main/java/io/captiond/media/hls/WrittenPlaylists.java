package io.captiond.media.hls;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads back a media playlist this node wrote (a restart goes on from what it left), with the same parser and
 * bounds as any other; segment URIs resolve against {@link #BASE}. Blocking.
 */
public final class WrittenPlaylists {

  /** What the playlist's relative URIs resolve against: the file name is the URI's last segment. */
  public static final URI BASE = URI.create("http://localhost/hls/");
  private static final int MAX_BYTES = 1 << 20;
  private static final int MAX_SEGMENTS = 100_000;

  private WrittenPlaylists() {}

  /** The media playlist in {@code file}; null when it is missing, unreadable as one, or a master playlist. */
  public static MediaPlaylist readMedia(Path file) throws IOException {
    byte[] body;
    try {
      body = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    try {
      return new PlaylistParser(MAX_BYTES, MAX_SEGMENTS).parse(BASE.resolve(file.getFileName().toString()),
          body) instanceof MediaPlaylist media ? media : null;
    } catch (HlsPlaylistException e) {
      return null;
    }
  }
}
