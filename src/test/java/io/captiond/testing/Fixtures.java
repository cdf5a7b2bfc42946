package io.captiond.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared test data lives: the system property {@code fixtures.dir} (Maven sets it), or
 * {@code ../shared/fixtures} beside the checkout. Fixtures are never copied into the repository.
 */
public final class Fixtures {

  private Fixtures() {}

  public static Path dir() {
    String configured = System.getProperty("fixtures.dir");
    Path dir = configured != null ? Path.of(configured) : Path.of("..", "shared", "fixtures");
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("test fixtures not found at " + dir.toAbsolutePath()
          + " (set -Dfixtures.dir=...)");
    }
    return dir;
  }

  public static Path file(String relative) {
    Path file = dir().resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("fixture missing: " + file.toAbsolutePath());
    }
    return file;
  }

  public static Path jfkWav() {
    return file("speech/jfk.wav");
  }

  public static String jfkReference() {
    try {
      return Files.readString(file("speech/jfk.reference.txt")).strip();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path sileroVad() {
    return file("vad/silero_vad_v5.onnx");
  }
}
