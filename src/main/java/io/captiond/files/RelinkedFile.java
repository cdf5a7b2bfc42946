package io.captiond.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * A file replaced whole, often, as {@link AtomicFiles#replaceUnforced} does for its readers (they see the old
 * text or the new, never half), without creating a file and freeing one at every replacement: the text goes
 * into one of a few spare files kept beside it ({@code .<name>.0}, {@code .1}, {@code .2}), which is then
 * hard-linked in under the file's name by an atomic rename. The version it replaces keeps its spare name, so
 * nothing is freed; the next replacement writes the next spare, and so round.
 *
 * <p>Why: a live playlist is replaced at every segment of every stream. Each temporary file and rename made a new
 * inode and freed the old one, and on ext4 without a journal every new inode costs a scan past the group's
 * recently freed ones (the allocator avoids reusing them): at 100 streams that scan was an eighth of the
 * server's CPU. Rewriting a kept inode costs no allocation on any file system.
 *
 * <p>A reader that opened the file keeps reading the version it opened: a spare is rewritten in place only once
 * it has been out of use for {@link #QUIET_MS} (a playlist read takes a millisecond); replaced sooner (a burst of
 * replacements), it is first unlinked and made anew, as a temporary file would be. Not forced to disk (see
 * {@link AtomicFiles#replaceUnforced}: only for derived files). One writer at a time.
 */
public final class RelinkedFile {

  /** How long a version must have been out of use before its inode is rewritten. */
  public static final long QUIET_MS = 2_000;

  private static final int SPARES = 3;
  private static final long NEVER = Long.MIN_VALUE;

  private final Path file;
  private final Path link;
  private final Path[] spares = new Path[SPARES];
  private final long[] outOfUseSinceMs = new long[SPARES];
  private final LongSupplier clockMs;
  /** The spare to write next; -1 until known (the first replacement finds which one the file is now). */
  private int next = -1;
  private boolean linksWork = true;

  public RelinkedFile(Path file) {
    this(file, () -> System.nanoTime() / 1_000_000);
  }

  /** @param clockMs a monotonic clock in ms */
  public RelinkedFile(Path file, LongSupplier clockMs) {
    this.file = file;
    this.clockMs = clockMs;
    String name = file.getFileName().toString();
    this.link = file.resolveSibling(name + ".tmp");
    for (int i = 0; i < SPARES; i++) {
      spares[i] = file.resolveSibling("." + name + "." + i);
    }
    Arrays.fill(outOfUseSinceMs, NEVER);
  }

  /** Replaces the file with {@code text}. */
  public void replace(CharSequence text) throws IOException {
    if (!linksWork) {
      AtomicFiles.replaceUnforced(file, text);
      return;
    }
    try {
      if (next < 0) {
        next = (inUse() + 1) % SPARES;
      }
      long now = clockMs.getAsLong();
      Path spare = spares[next];
      if (outOfUseSinceMs[next] != NEVER && now - outOfUseSinceMs[next] < QUIET_MS) {
        Files.deleteIfExists(spare); // a reader may still be on it: leave it that version
      }
      Files.writeString(spare, text);
      linkIn(spare);
      int replaced = (next + SPARES - 1) % SPARES;
      outOfUseSinceMs[replaced] = now;
      next = (next + 1) % SPARES;
    } catch (UnsupportedOperationException e) { // a file system without hard links
      linksWork = false;
      AtomicFiles.replaceUnforced(file, text);
    } catch (IOException | RuntimeException e) {
      next = -1; // find out again which spare the file is, at the next replacement
      throw e;
    }
  }

  /** The spare the file is now, or -1 when it is none of them (not there yet, or made otherwise). */
  private int inUse() throws IOException {
    if (!Files.exists(file)) {
      return -1;
    }
    for (int i = 0; i < SPARES; i++) {
      if (Files.exists(spares[i]) && Files.isSameFile(spares[i], file)) {
        return i;
      }
    }
    return -1;
  }

  private void linkIn(Path spare) throws IOException {
    AtomicFiles.link(link, spare);
    Files.move(link, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
