package io.captiond.media;

import io.captiond.media.hls.HlsFolder;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Lets FFmpeg's HLS muxer write each new segment into the inode of a segment it deleted, instead of freeing
 * one inode ({@code delete_segments}: an unlink) and making another per segment of every stream (why that
 * matters: {@link io.captiond.files.RelinkedFile}). The muxer opens its files through {@link #IO_OPEN}: after it
 * opens a segment, a hidden hard link ({@code .seg-kept.<n>}) keeps the inode alive past FFmpeg's unlink; before
 * it opens a new segment (with truncation), the oldest kept segment that FFmpeg had already deleted at the
 * open before is renamed to the new name. A player still reading a segment had it at least a segment's time
 * after it left the playlist and another after it was deleted.
 *
 * <p>What goes wrong here (a file system without hard links, a full disk) ends the reuse for that stream, not
 * the stream: FFmpeg then makes its files as it would without this. One per muxer, on the muxer's thread.
 */
final class SegmentInodes {

  private static final Logger LOG = Logger.getLogger(SegmentInodes.class.getName());
  private static final Pattern SEGMENT = Pattern.compile(HlsFolder.SEGMENT_PATTERN);
  private static final String KEPT_PREFIX = ".seg-kept.";

  /** The muxers' state, by their format context's address: one callback serves all (JavaCPP makes few). */
  private static final Map<Long, SegmentInodes> BY_MUXER = new ConcurrentHashMap<>();

  /** FFmpeg's io_open for every HLS muxer: its default (avio_open2), with the reuse around segments. */
  static final AVFormatContext.Io_open_AVFormatContext_PointerPointer_BytePointer_int_PointerPointer IO_OPEN =
      new AVFormatContext.Io_open_AVFormatContext_PointerPointer_BytePointer_int_PointerPointer() {
        @Override
        public int call(AVFormatContext muxer, PointerPointer pb, BytePointer url, int flags, PointerPointer options) {
          SegmentInodes inodes = BY_MUXER.get(muxer.address());
          String name = null;
          if (inodes != null && (flags & avformat.AVIO_FLAG_WRITE) != 0) {
            name = inodes.segmentName(url);
            if (name != null) {
              inodes.beforeOpen(name);
            }
          }
          int opened = avformat.avio_open2(pb, url, flags, muxer.interrupt_callback(), options);
          if (name != null && opened >= 0) {
            inodes.afterOpen(name);
          }
          return opened;
        }
      }.retainReference();

  private final Path dir;
  private final int keptAtMost;
  /** Hidden links to the segments opened, oldest first. */
  private final Deque<Kept> kept = new ArrayDeque<>();
  private long opens;
  private boolean failed;

  /** A hidden link to a segment, and the open at which FFmpeg was first seen to have deleted it, or -1. */
  private static final class Kept {
    final Path link;
    long deletedBy = -1;

    Kept(Path link) {
      this.link = link;
    }
  }

  private SegmentInodes(Path dir, int keptAtMost) {
    this.dir = dir;
    this.keptAtMost = keptAtMost;
  }

  /**
   * Hooks {@code muxer}'s file opening, before its header is written; {@code windowSegments} and
   * {@code deleteThreshold} are its {@code hls_list_size} and {@code hls_delete_threshold}.
   */
  static void attach(AVFormatContext muxer, Path dir, int windowSegments, int deleteThreshold) {
    SegmentInodes inodes = new SegmentInodes(dir, windowSegments + deleteThreshold + 3);
    inodes.deleteLeftovers();
    BY_MUXER.put(muxer.address(), inodes);
    muxer.io_open(IO_OPEN);
  }

  /** The muxer is freed: its kept links go (the segments still listed keep their own names). */
  static void detach(AVFormatContext muxer) {
    SegmentInodes inodes = BY_MUXER.remove(muxer.address());
    if (inodes != null) {
      inodes.kept.forEach(each -> deleteQuietly(each.link));
      inodes.kept.clear();
    }
  }

  /** The name of the segment {@code url} is in this folder, or null (another file, or the reuse ended). */
  private String segmentName(BytePointer url) {
    if (failed) {
      return null;
    }
    try {
      Path path = Path.of(url.getString()).toAbsolutePath();
      return dir.equals(path.getParent()) && SEGMENT.matcher(path.getFileName().toString()).matches()
          ? path.getFileName().toString() : null;
    } catch (RuntimeException e) { // not a path: FFmpeg opens it as it would
      return null;
    }
  }

  private void beforeOpen(String name) {
    opens++;
    try {
      for (Kept each : kept) { // the oldest ones FFmpeg has deleted since the last open are noted
        if (each.deletedBy < 0) {
          if (!deletedByFfmpeg(each.link)) {
            break;
          }
          each.deletedBy = opens;
        }
      }
      Kept oldest = kept.peekFirst();
      if (oldest == null || oldest.deletedBy < 0 || oldest.deletedBy == opens) {
        return; // none deleted before this open: FFmpeg makes a new file
      }
      kept.pollFirst();
      try {
        Files.move(oldest.link, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | RuntimeException e) {
        deleteQuietly(oldest.link);
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  private void afterOpen(String name) {
    try {
      Path link = dir.resolve(KEPT_PREFIX + opens);
      try {
        Files.createLink(link, dir.resolve(name));
      } catch (FileAlreadyExistsException e) { // left by a muxer before on this folder
        Files.delete(link);
        Files.createLink(link, dir.resolve(name));
      }
      kept.add(new Kept(link));
      while (kept.size() > keptAtMost) {
        deleteQuietly(kept.pollFirst().link);
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  /** Its segment's own name went: FFmpeg deleted it. */
  private static boolean deletedByFfmpeg(Path link) throws IOException {
    return ((Number) Files.getAttribute(link, "unix:nlink")).intValue() == 1;
  }

  private void fail(Exception e) {
    failed = true;
    LOG.info(() -> "HLS segments in " + dir + " are made anew from now on (cannot reuse deleted ones' files: "
        + e + ")");
  }

  private void deleteLeftovers() {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, KEPT_PREFIX + "*")) {
      files.forEach(SegmentInodes::deleteQuietly);
    } catch (IOException e) {
      LOG.log(Level.FINE, e, () -> "cannot list " + dir);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.log(Level.FINE, e, () -> "cannot delete " + file);
    }
  }
}
