package io.captiond.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * A PEM certificate file and key file, read together, with what was last read remembered so that
 * a change of either (a renewed certificate, moved into place) can be seen by polling. Polling
 * rather than a file watcher: certbot and Kubernetes replace files through symbolic links, which
 * a {@code WatchService} on the folder does not always report.
 */
public final class PemPair {

  /** The two files' contents as read at one moment. */
  public record Contents(byte[] cert, byte[] key) {}

  private final Path certFile;
  private final Path keyFile;
  private String seen = "";

  public PemPair(Path certFile, Path keyFile) {
    this.certFile = Objects.requireNonNull(certFile, "certFile");
    this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
  }

  /** Reads both files and remembers their state; throws naming the file that cannot be read. */
  public synchronized Contents read() throws IOException {
    String state = state();
    Contents contents = new Contents(Files.readAllBytes(certFile), Files.readAllBytes(keyFile));
    seen = state;
    return contents;
  }

  /** Whether either file changed (time, size or target) since the last {@link #read()}. */
  public synchronized boolean changed() {
    try {
      return !state().equals(seen);
    } catch (IOException e) {
      return false; // a file being replaced: look again next time
    }
  }

  private String state() throws IOException {
    return stateOf(certFile) + "|" + stateOf(keyFile);
  }

  private static String stateOf(Path file) throws IOException {
    Path real = file.toRealPath();
    FileTime modified = Files.getLastModifiedTime(real);
    return real + ":" + modified.toMillis() + ":" + Files.size(real);
  }

  @Override
  public String toString() {
    return certFile + " and " + keyFile;
  }
}
