package io.captiond.media;

import io.captiond.files.AtomicFiles;
import io.captiond.media.hls.MediaPlaylist;
import io.captiond.media.hls.PlaylistChanges;
import io.captiond.media.hls.RemuxRuns;
import io.captiond.media.hls.WrittenPlaylists;
import java.io.IOException;
import java.nio.file.Files;
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

  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(RemuxContinuation.class.getName());

  private RemuxContinuation() {}

  /**
   * Records the run about to start in {@code dir}, whose muxer playlist is {@code playlist}.
   *
   * @return whether the muxer continues that playlist; false: a first run (an unreadable playlist goes)
   */
  public static boolean prepare(Path dir, String playlist) throws IOException {
    Path file = dir.resolve(playlist);
    Path runsFile = dir.resolve(RemuxRuns.FILE);
    MediaPlaylist previous = WrittenPlaylists.readMedia(file);
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
   * playlist ended, so the tag comes out again, and players keep polling until the next run appends; this
   * process's followers of the playlist are told ({@link PlaylistChanges}). A failure is logged: the playlist
   * then stays ended.
   */
  public static void keepOpen(String streamId, Path dir, String playlist) {
    Path file = dir.resolve(playlist);
    try {
      if (!Files.exists(file)) {
        return;
      }
      String text = Files.readString(file);
      String open = text.replace(ENDLIST + "\n", "");
      if (!open.equals(text)) {
        AtomicFiles.replace(file, open);
        // The muxer reported its ended playlist; whoever follows it (the subtitle rendition) must read it again,
        // or it takes the stream for over and ends its own playlist.
        try (PlaylistChanges changes = PlaylistChanges.of(file)) {
          changes.changed();
        }
      }
    } catch (IOException e) {
      LOG.warning(() -> "stream " + streamId + ": HLS playlist left ended for the restart: " + e.getMessage());
    }
  }

  private static final String ENDLIST = "#EXT-X-ENDLIST";

}
