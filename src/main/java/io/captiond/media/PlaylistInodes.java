package io.captiond.media;

import io.captiond.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * On the muxer's thread, each time FFmpeg's HLS muxer has replaced its live playlist (it writes
 * {@code <name>.tmp} and renames it over {@code <name>}): hands the version it just replaced back to it as its
 * next {@code <name>.tmp}, which FFmpeg opens with truncation, so that no inode is created or freed per segment
 * (why that matters: {@link io.captiond.files.RelinkedFile}). Until then a second, hidden name,
 * {@code .<name>.spare}, keeps the version FFmpeg will replace next alive.
 *
 * <p>A reader that opened a version reads it whole unless it still holds it when FFmpeg writes the segment after
 * next (a segment's time at least); the playlist's readers read it at once. If a step fails (a file system
 * without hard links) FFmpeg goes on as it would without this: it creates its temporary file.
 */
final class PlaylistInodes {

  private static final Logger LOG = Logger.getLogger(PlaylistInodes.class.getName());

  private final Path playlist;
  private final Path temporary;
  private final Path spare;
  private boolean failed;

  PlaylistInodes(Path playlist) {
    this.playlist = playlist;
    String name = playlist.getFileName().toString();
    this.temporary = playlist.resolveSibling(name + ".tmp");
    this.spare = playlist.resolveSibling("." + name + ".spare");
  }

  /** FFmpeg has just replaced the playlist. */
  void replaced() {
    if (failed) {
      return;
    }
    try {
      try { // the version before this one: FFmpeg's next temporary file
        Files.move(spare, temporary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (NoSuchFileException e) {
        // the first replacement: nothing kept yet
      }
      AtomicFiles.link(spare, playlist); // this one, kept alive when FFmpeg replaces it
    } catch (IOException | UnsupportedOperationException e) {
      failed = true;
      LOG.log(Level.FINE, e, () -> "cannot keep " + playlist + "'s versions for FFmpeg to write over; it makes new files");
    }
  }

  /** The muxer has finished: the kept versions go. */
  void close() {
    try {
      Files.deleteIfExists(spare);
      Files.deleteIfExists(temporary);
    } catch (IOException e) {
      LOG.log(Level.FINE, e, () -> "cannot delete " + spare + " or " + temporary);
    }
  }
}
