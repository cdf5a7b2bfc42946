package io.captiond.media;

import io.captiond.media.hls.PlaylistChanges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * On the muxer's thread: notices when FFmpeg's HLS muxer rewrote its playlist (it replaces the file on each
 * segment it lists) and reports it through {@link PlaylistChanges}. A stat of the file at most every
 * {@link #STAT_EVERY_MS}, after each packet of an audio-only output (it cuts on any packet), but with video
 * only in the {@link #AFTER_KEY_MS} after a video key frame, until the rewrite shows: FFmpeg cuts only at
 * one, and its interleaving may hand the key frame to the segmenter a packet or two after we gave it. A few
 * syscalls a segment, against a read and parse of the playlist on every follower's poll.
 */
final class PlaylistWatch implements AutoCloseable {

  static final long STAT_EVERY_MS = 100;
  /** How long after a video key frame the playlist may still change (the muxer's interleaving delay). */
  static final long AFTER_KEY_MS = 1_000;

  private final Path playlist;
  private final PlaylistChanges changes;
  private final boolean cutsAtKeyFrames;
  private long lastStatNanos;
  private long lastKeyNanos;
  private boolean awaitingCut;
  private Stamp last;

  /** What tells one version of the file from the next: FFmpeg replaces it (a new inode) or rewrites it. */
  private record Stamp(long size, FileTime modified, Object fileKey) {}

  /** @param cutsAtKeyFrames the output has video: FFmpeg cuts segments at its key frames only */
  PlaylistWatch(Path playlist, boolean cutsAtKeyFrames) {
    this.playlist = playlist;
    this.cutsAtKeyFrames = cutsAtKeyFrames;
    this.changes = PlaylistChanges.of(playlist);
  }

  /** The muxer started (the folder may have been continued or cleared): followers read once. */
  void started() {
    changes.changed();
  }

  /** After a packet went to the muxer: {@code mayCut} when it was a video key frame. */
  void afterPacket(boolean mayCut) {
    long now = System.nanoTime();
    if (mayCut) {
      lastKeyNanos = now;
      awaitingCut = true;
    } else if (now - lastStatNanos < STAT_EVERY_MS * 1_000_000) {
      return;
    } else if (cutsAtKeyFrames && !(awaitingCut && now - lastKeyNanos < AFTER_KEY_MS * 1_000_000)) {
      return;
    }
    lastStatNanos = now;
    if (stat()) {
      awaitingCut = false;
    }
  }

  /** Whether the file changed since the last stat (and, if so, followers heard it). */
  private boolean stat() {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(playlist, BasicFileAttributes.class);
    } catch (IOException e) {
      return false; // not written yet
    }
    Stamp stamp = new Stamp(attributes.size(), attributes.lastModifiedTime(), attributes.fileKey());
    if (stamp.equals(last)) {
      return false;
    }
    last = stamp;
    changes.changed();
    return true;
  }

  /** The muxer wrote its trailer (the playlist ended): followers read once more. */
  @Override
  public void close() {
    changes.changed();
    changes.close();
  }
}
