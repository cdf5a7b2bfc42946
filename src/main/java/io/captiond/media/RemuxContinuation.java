package io.captiond.media;

import io.captiond.files.AtomicFiles;
import io.captiond.media.hls.HlsPlaylistException;
import io.captiond.media.hls.MediaPlaylist;
import io.captiond.media.hls.PlaylistParser;
import io.captiond.media.hls.RemuxRuns;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where the remuxer goes on in a folder an earlier run wrote (the server restarted, the stream resumed):
 * when the muxer's playlist there lists segments, FFmpeg appends to it ({@code hls_flags append_list}:
 * the media sequence goes on after the last segment listed, the earlier ones stay in the window, and the
 * first new segment is marked {@code EXT-X-DISCONTINUITY}; segment names follow the sequence, so none is
 * written over), and the new run is recorded in {@link RemuxRuns#FILE}. A folder without one starts afresh,
 * with no such file.
 * Blocking: the remuxer's thread, before the muxer opens.
 */
public final class RemuxContinuation {

  private static final int PLAYLIST_MAX_BYTES = 1 << 20;
  private static final int PLAYLIST_MAX_SEGMENTS = 100_000;
  private static final URI BASE = URI.create("http://localhost/hls/");

  private RemuxContinuation() {}

  /**
   * Records the run about to start in {@code dir}, whose muxer playlist is {@code playlist}.
   *
   * @return whether the muxer continues that playlist; false: a first run (an unreadable playlist goes)
   */
  public static boolean prepare(Path dir, String playlist) throws IOException {
    Path file = dir.resolve(playlist);
    Path runsFile = dir.resolve(RemuxRuns.FILE);
    MediaPlaylist previous = read(file);
    if (previous == null || previous.segments().isEmpty()) {
      Files.deleteIfExists(file); // FFmpeg would append to a playlist it can half read
      Files.deleteIfExists(runsFile); // no file: one run (RemuxRuns.FIRST), and the playlist is served as written
      return false;
    }
    RemuxRuns runs = RemuxRuns.parse(Files.exists(runsFile) ? Files.readString(runsFile) : null)
        .startAt(previous.nextSequence());
    AtomicFiles.replace(runsFile, runs.text());
    return true;
  }

  /**
   * A run stopped because the node goes down, the stream to resume on restart: FFmpeg's trailer marked the
   * playlist ended, so the tag comes out again, and players keep polling until the next run appends.
   */
  public static void keepOpen(Path dir, String playlist) throws IOException {
    Path file = dir.resolve(playlist);
    if (!Files.exists(file)) {
      return;
    }
    String text = Files.readString(file);
    String open = text.replace(ENDLIST + "\n", "");
    if (!open.equals(text)) {
      AtomicFiles.replace(file, open);
    }
  }

  private static final String ENDLIST = "#EXT-X-ENDLIST";

  private static MediaPlaylist read(Path file) throws IOException {
    byte[] body;
    try {
      body = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    try {
      return new PlaylistParser(PLAYLIST_MAX_BYTES, PLAYLIST_MAX_SEGMENTS).parse(BASE.resolve(file.getFileName()
          .toString()), body) instanceof MediaPlaylist media ? media : null;
    } catch (HlsPlaylistException e) {
      return null;
    }
  }
}
