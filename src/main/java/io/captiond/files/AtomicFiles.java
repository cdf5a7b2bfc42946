package io.captiond.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces a file whole: the text is written to {@code <name>.tmp} beside it, then moved over it
 * atomically, so that a reader (a player polling a playlist, a restart reading a stream record)
 * sees the old file or the new one, never half of one.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  public static void replace(Path file, CharSequence text) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The same for a file that holds a secret: the new version is created {@link OwnerOnly owner-only}
   * (a stale temporary file left by a crash is removed first, since it may have other permissions).
   */
  public static void replaceOwnerOnly(Path file, CharSequence text) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    OwnerOnly.createFile(temporary, text);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
