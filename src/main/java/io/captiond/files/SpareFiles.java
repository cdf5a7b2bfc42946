package io.captiond.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * The files a live window lets go (segments that left it), kept under hidden names to become its next new
 * files: a new file is a spare renamed and written over, where deleting one and creating the other freed an
 * inode and made one (why that matters: {@link RelinkedFile}). A spare is reused only once it has been out of
 * the window for {@link RelinkedFile#QUIET_MS}, so that a player still fetching it gets it whole; the oldest goes
 * first. At most {@link #KEPT} are kept: a window that shrinks deletes the rest. One writer at a time.
 */
public final class SpareFiles {

  /** Spares kept at most: a window lets go about as many files as it takes in. */
  public static final int KEPT = 4;

  private record Spare(Path path, long outSinceMs) {}

  private final Path dir;
  private final String prefix;
  private final LongSupplier clockMs;
  private final Deque<Spare> spares = new ArrayDeque<>();
  private long named;

  /**
   * @param prefix the spares' names begin with it and a dot (hidden), then a number: {@code .<prefix>.<n>}
   * @param clockMs a monotonic clock in ms
   */
  public SpareFiles(Path dir, String prefix, LongSupplier clockMs) {
    this.dir = dir;
    this.prefix = "." + prefix + ".";
    this.clockMs = clockMs;
  }

  public SpareFiles(Path dir, String prefix) {
    this(dir, prefix, () -> System.nanoTime() / 1_000_000);
  }

  /** Deletes the spares an earlier run left in the folder (their names would be given again). */
  public void deleteLeftovers() throws IOException {
    spares.clear();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*")) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Writes {@code text} as the new file {@code name} (not there yet: a reader sees it only once it is listed). */
  public void writeNew(String name, CharSequence text) throws IOException {
    Path file = dir.resolve(name);
    Spare oldest = spares.peekFirst();
    if (oldest != null && quiet(oldest)) {
      spares.pollFirst();
      Files.move(oldest.path(), file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.writeString(file, text);
  }

  /** Lets {@code name} go: it becomes a spare, or is deleted when enough are kept. */
  public void retire(String name) throws IOException {
    Path file = dir.resolve(name);
    if (spares.size() >= KEPT) {
      Files.deleteIfExists(file);
      return;
    }
    Path spare = dir.resolve(prefix + named++);
    try {
      Files.move(file, spare, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return; // gone already: nothing to keep
    }
    spares.add(new Spare(spare, clockMs.getAsLong()));
  }

  /** Spares kept now. */
  public int size() {
    return spares.size();
  }

  private boolean quiet(Spare spare) {
    return clockMs.getAsLong() - spare.outSinceMs() >= RelinkedFile.QUIET_MS;
  }
}
