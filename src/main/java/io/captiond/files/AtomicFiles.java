package io.captiond.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file whole: the text is written to {@code <name>.tmp} beside it and forced, then moved
 * over it atomically and the folder forced, so that a reader (a player polling a playlist, a restart
 * reading a stream record) sees the old file or the new one, never half of one, and a crash right
 * after does not lose the rename (POSIX: a rename is durable only once its directory is synced).
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  public static void replace(Path file, CharSequence text) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    writeForced(temporary, text);
    moveDurably(temporary, file);
  }

  /**
   * The same for readers, without the forcing: a reader sees the old file or the new one, and a process that
   * dies leaves one or the other (the kernel has both), but after a power loss the file may be the old one,
   * empty, or gone. Only for files derived from a durable record, that a restart can tell apart and make again.
   */
  public static void replaceUnforced(Path file, CharSequence text) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, text);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Makes {@code link} a hard link to {@code existing}; a {@code link} left by a step that failed before it was
   * renamed away is replaced.
   */
  public static void link(Path link, Path existing) throws IOException {
    try {
      Files.createLink(link, existing);
    } catch (FileAlreadyExistsException e) {
      Files.delete(link);
      Files.createLink(link, existing);
    }
  }

  private static void writeForced(Path temporary, CharSequence text) throws IOException {
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(false);
    }
  }

  private static void moveDurably(Path temporary, Path file) throws IOException {
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(file.toAbsolutePath().getParent());
  }

  /**
   * Forces a folder's entries to disk: after creating, renaming or deleting a file in it, so that the
   * name survives a crash as the file's contents do. A file system that cannot sync a folder (some
   * refuse to open one) is left as it is.
   */
  public static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (UnsupportedOperationException e) {
      // not a POSIX folder handle (another platform): nothing more can be done portably
    }
  }

  /**
   * The same for a file that holds a secret: the new version is created {@link OwnerOnly owner-only}
   * (a stale temporary file left by a crash is removed first, since it may have other permissions).
   */
  public static void replaceOwnerOnly(Path file, CharSequence text) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    OwnerOnly.createFile(temporary, "");
    writeForced(temporary, text);
    moveDurably(temporary, file);
  }
}
