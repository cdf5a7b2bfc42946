package io.captiond.files;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and folders that hold secrets (the API token, stream keys), created readable by their owner
 * only: {@code rw-------} files in {@code rwx------} folders. The permissions are given at creation,
 * never set after writing, so there is no moment when another user could open the file. On a file
 * system without POSIX permissions (Windows) they are created as usual.
 */
public final class OwnerOnly {

  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OwnerOnly() {}

  /** Creates {@code dir} and its missing parents owner-only; folders that exist are left as they are. */
  public static Path createDirectories(Path dir) throws IOException {
    return POSIX ? Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER))
        : Files.createDirectories(dir);
  }

  /** Creates {@code file}, which must not exist, owner-only, holding {@code text} in UTF-8. */
  public static void createFile(Path file, CharSequence text) throws IOException {
    FileAttribute<?>[] attributes = POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    try (Writer out = Channels.newWriter(Files.newByteChannel(file,
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes), StandardCharsets.UTF_8)) {
      out.append(text);
    }
  }
}
