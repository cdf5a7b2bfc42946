package io.captiond.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A folder of test data and its {@code SHA256SUMS} (sha256sum's format: {@code <hex>  <relative path>}).
 * {@link #verified} hands out a file only when it is there and its SHA-256 is the one recorded, so a test never
 * runs on data that was lost, truncated or replaced; the error says which file, what was found and how to mend it.
 */
public final class TestData {

  public static final String SUMS_FILE = "SHA256SUMS";

  private final Path dir;
  private final Map<String, String> expected;

  private TestData(Path dir, Map<String, String> expected) {
    this.dir = dir;
    this.expected = expected;
  }

  /** Reads {@code dir/SHA256SUMS}; fails naming the folder when it or the file is missing or malformed. */
  public static TestData in(Path dir) {
    Path sums = dir.resolve(SUMS_FILE);
    if (!Files.isRegularFile(sums)) {
      throw new IllegalStateException("test data folder " + dir.toAbsolutePath() + " has no " + SUMS_FILE
          + " (it belongs to the repository: restore it with git checkout)");
    }
    Map<String, String> expected = new LinkedHashMap<>();
    try {
      int lineNumber = 0;
      for (String line : Files.readAllLines(sums)) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] parts = line.strip().split("\\s+\\*?", 2);
        if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
          throw new IllegalStateException(sums + " line " + lineNumber + " is not '<sha256>  <path>': " + line);
        }
        expected.put(parts[1], parts[0]);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + sums, e);
    }
    return new TestData(dir, expected);
  }

  public Path dir() {
    return dir;
  }

  /** The relative paths {@code SHA256SUMS} lists, in its order. */
  public Iterable<String> listed() {
    return expected.keySet();
  }

  /** {@code relative} inside the folder, once it is listed, present and of the recorded SHA-256. */
  public Path verified(String relative) {
    String sum = expected.get(relative);
    Path file = dir.resolve(relative);
    if (sum == null) {
      throw new IllegalStateException("test data file " + relative + " is not listed in "
          + dir.resolve(SUMS_FILE).toAbsolutePath() + ": add its line (sha256sum " + relative + ")");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("test data file missing: " + file.toAbsolutePath()
          + " (it belongs to the repository: restore it with git checkout; sources in README.md beside it)");
    }
    String actual = sha256(file);
    if (!actual.equals(sum)) {
      throw new IllegalStateException("test data file " + file.toAbsolutePath() + " has SHA-256 " + actual
          + ", but " + SUMS_FILE + " records " + sum + " (changed or damaged: restore it with git checkout)");
    }
    return file;
  }

  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
