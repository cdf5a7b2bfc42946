package io.captiond.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small file system mounted for a test (a tmpfs, or a loop-mounted ext4 image where tmpfs is refused),
 * to be filled with a ballast file and emptied again. Needs root; {@link #mount} returns null without it.
 */
public final class TinyFileSystem implements AutoCloseable {

  private final Path mountPoint;
  private final Path ballast;

  private TinyFileSystem(Path mountPoint) {
    this.mountPoint = mountPoint;
    this.ballast = mountPoint.resolve("ballast");
  }

  /** Mounts {@code megabytes} at {@code mountPoint}; null if this machine will not (not root, no mount). */
  public static TinyFileSystem mount(Path mountPoint, int megabytes, Path scratch) throws Exception {
    Files.createDirectories(mountPoint);
    if (run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", mountPoint.toString())) {
      return new TinyFileSystem(mountPoint);
    }
    Path image = scratch.resolve("tiny.ext4");
    if (run("truncate", "-s", megabytes + "M", image.toString()) && run("mkfs.ext4", "-q", "-F", image.toString())
        && run("mount", "-o", "loop", image.toString(), mountPoint.toString())) {
      return new TinyFileSystem(mountPoint);
    }
    return null;
  }

  public Path root() {
    return mountPoint;
  }

  /** Writes a ballast file until the file system refuses more. */
  public void fill() throws IOException {
    try (FileChannel channel = FileChannel.open(ballast, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (int chunk : List.of(1 << 16, 1 << 12, 1 << 9, 1)) {
        ByteBuffer zeros = ByteBuffer.allocate(chunk);
        try {
          while (true) {
            zeros.clear();
            channel.write(zeros);
          }
        } catch (IOException full) {
          // the next, smaller chunk fills what is left
        }
      }
    }
  }

  /** Deletes the ballast: space returns. */
  public void empty() throws IOException {
    Files.deleteIfExists(ballast);
  }

  @Override
  public void close() throws Exception {
    run("umount", "-l", mountPoint.toString());
  }

  private static boolean run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    boolean done = process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    if (!done) {
      System.out.println(String.join(" ", command) + ": " + output);
    }
    return done;
  }
}
