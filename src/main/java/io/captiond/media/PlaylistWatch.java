package io.captiond.media;

import io.captiond.media.hls.PlaylistChanges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * On the muxer's thread: notices when FFmpeg's HLS muxer rewrote its playlist (it replaces the file on each
 * segment it lists) and reports it through {@link PlaylistChanges}. A stat of the file after each video key
 * frame (where FFmpeg may cut) and at most every {@link #STAT_EVERY_MS} otherwise (audio-only streams cut on
 * any packet): a few syscalls a second, against a read and parse of the playlist on every follower's poll.
 */
final class PlaylistWatch implements AutoCloseable {

  static final long STAT_EVERY_MS = 100;

  private final Path playlist;
  private final PlaylistChanges changes;
  private final PlaylistInodes inodes;
  private long lastStatNanos;
  private Stamp last;

  /** What tells one version of the file from the next: FFmpeg replaces it (a new inode) or rewrites it. */
  private record Stamp(long size, FileTime modified, Object fileKey) {}

  PlaylistWatch(Path playlist) {
    this.playlist = playlist;
    this.changes = PlaylistChanges.of(playlist);
    this.inodes = new PlaylistInodes(playlist);
  }

  /** The muxer started (the folder may have been continued or cleared): followers read once. */
  void started() {
    changes.changed();
  }

  /** After a packet went to the muxer: {@code mayCut} when it was a video key frame. */
  void afterPacket(boolean mayCut) {
    long now = System.nanoTime();
    if (!mayCut && now - lastStatNanos < STAT_EVERY_MS * 1_000_000) {
      return;
    }
    lastStatNanos = now;
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(playlist, BasicFileAttributes.class);
    } catch (IOException e) {
      return; // not written yet
    }
    Stamp stamp = new Stamp(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
    if (!stamp.equals(last)) {
      last = stamp;
      inodes.replaced();
      changes.changed();
    }
  }

  /** The muxer wrote its trailer (the playlist ended): followers read once more. */
  @Override
  public void close() {
    inodes.close();
    changes.changed();
    changes.close();
  }
}
