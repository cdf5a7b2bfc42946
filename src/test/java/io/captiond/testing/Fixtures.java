package io.captiond.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The data the tests read, all of it from the repository or fetched by the project's own scripts:
 * <ul>
 *   <li>files committed under {@code src/test/data} (sources, licenses and {@code SHA256SUMS} there), checked
 *       against their SHA-256 before first use; the system property {@code fixtures.dir} points elsewhere;</li>
 *   <li>{@code whisper/gpt2.tiktoken}: the ranks of the English-only models, taken from jtokkit's
 *       {@code r50k_base.tiktoken} (byte-identical, a dependency already) and checked like the others;</li>
 *   <li>the Silero VAD model: {@code models/fetch-models.sh silero-vad}, run when the model is missing (it checks
 *       the SHA-256 itself).</li>
 * </ul>
 */
public final class Fixtures {

  static final Path DEFAULT_DIR = Path.of("src", "test", "data");
  static final String GPT2_RANKS = "whisper/gpt2.tiktoken";
  static final String GPT2_RESOURCE = "/com/knuddels/jtokkit/r50k_base.tiktoken";
  static final String GPT2_SHA256 = "306cd27f03c1a714eca7108e03d66b7dc042abe8c258b44c199a7ed9838dd930";
  private static final Path DERIVED_DIR = Path.of("target", "test-data");
  private static final Path SILERO_MODEL = Path.of("models", "silero_vad_v5.onnx");

  private static final ConcurrentHashMap<String, Path> CHECKED = new ConcurrentHashMap<>();
  private static TestData data;

  private Fixtures() {}

  /** The folder of committed test data (what {@code models/synthetic/make_synthetic_whisper.py --fixtures} reads). */
  public static Path dir() {
    return data().dir();
  }

  public static synchronized TestData data() {
    if (data == null) {
      String configured = System.getProperty("fixtures.dir");
      data = TestData.in((configured != null ? Path.of(configured) : DEFAULT_DIR).toAbsolutePath());
    }
    return data;
  }

  /** A data file by its path relative to the data folder, checked against its SHA-256 once per run. */
  public static Path file(String relative) {
    if (relative.equals(GPT2_RANKS)) {
      return CHECKED.computeIfAbsent(relative, r -> gpt2Ranks());
    }
    return CHECKED.computeIfAbsent(relative, r -> data().verified(r));
  }

  /** A folder holding both Whisper rank files ({@code gpt2.tiktoken}, {@code multilingual.tiktoken}). */
  public static Path whisperRankDir() {
    Path gpt2 = file(GPT2_RANKS);
    Path multilingual = gpt2.resolveSibling("multilingual.tiktoken");
    try {
      Files.copy(file("whisper/multilingual.tiktoken"), multilingual, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return gpt2.getParent();
  }

  public static Path jfkWav() {
    return file("speech/jfk.wav");
  }

  public static String jfkReference() {
    try {
      return Files.readString(file("speech/jfk.reference.txt")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Silero VAD v5, fetched (and checked) by the project's model script the first time a run needs it. */
  public static Path sileroVad() {
    return CHECKED.computeIfAbsent("vad/silero_vad_v5.onnx", r -> fetchSileroVad());
  }

  private static Path gpt2Ranks() {
    Path target = DERIVED_DIR.resolve(GPT2_RANKS);
    try (InputStream in = Fixtures.class.getResourceAsStream(GPT2_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(GPT2_RESOURCE + " is not on the test classpath (jtokkit 1.1.0 ships it)");
      }
      Files.createDirectories(target.getParent());
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String actual = TestData.sha256(target);
    if (!actual.equals(GPT2_SHA256)) {
      throw new IllegalStateException("jtokkit's " + GPT2_RESOURCE + " has SHA-256 " + actual + ", expected "
          + GPT2_SHA256 + " (Whisper's gpt2.tiktoken): was the jtokkit version changed?");
    }
    return target.toAbsolutePath();
  }

  /**
   * Silero VAD v5 rewritten for batches ({@code models/silero_batched.py}), written (and checked) from
   * {@link #sileroVad()} by the project's model script; needs python3 with onnx.
   */
  public static Path sileroVadBatched() {
    return CHECKED.computeIfAbsent("vad/silero_vad_v5_batched.onnx", r -> fetchSileroVad("silero-vad-batched",
        Path.of("models", "silero_vad_v5_batched.onnx")));
  }

  private static Path fetchSileroVad() {
    return fetchSileroVad("silero-vad", SILERO_MODEL);
  }

  private static Path fetchSileroVad(String model, Path file) {
    Path script = Path.of("models", "fetch-models.sh");
    try {
      Process process = new ProcessBuilder(List.of("bash", script.toString(), model))
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(script + " " + model + " failed (it needs npm and the npm registry the "
            + "first time):\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return file.toAbsolutePath();
  }
}
