package io.captiond.asr.whisper;

import io.captiond.testing.Fixtures;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code models/synthetic/make_synthetic_whisper.py} once per size into
 * {@code target/synthetic-whisper/<size>} and hands back the folder. Needs Debian's
 * {@code /usr/bin/python3} with python3-torch, python3-onnx and python3-numpy; tests are skipped
 * where that interpreter is missing.
 */
public final class SyntheticWhisper {

  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final Path SYNTHETIC = Path.of("models", "synthetic");
  static final Path SCRIPT = SYNTHETIC.resolve("make_synthetic_whisper.py");
  /** What the files are made by: a change to either makes them again. */
  static final List<Path> SCRIPTS = List.of(SCRIPT, SYNTHETIC.resolve("ggml_format.py"));

  private SyntheticWhisper() {}

  /**
   * The output folder for {@code size} ({@code none}, {@code micro}, {@code tiny}, {@code base}),
   * made again when the script changed since (its SHA-256 is in {@code reference.json}).
   */
  public static synchronized Path ensure(String size) throws IOException, InterruptedException {
    Path dir = Path.of("target", "synthetic-whisper", size);
    if (Files.isRegularFile(dir.resolve("reference.json"))
        && scriptSha256().equals(reference(dir).getString("script_sha256"))) {
      return dir;
    }
    Assumptions.assumeTrue(Files.isExecutable(PYTHON), PYTHON + " not found: cannot make synthetic Whisper");
    Process process = new ProcessBuilder(List.of(PYTHON.toString(), SCRIPT.toString(), dir.toString(), size,
        "--fixtures", Fixtures.dir().toString()))
        .redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException(SCRIPT + " " + size + " failed:\n" + new String(output, StandardCharsets.UTF_8));
    }
    return dir;
  }

  /**
   * A folder of links to the {@code size} model with {@code decoder_model_merged.onnx} (made by
   * {@code models/synthetic/merge_decoders.py}) instead of the two decoder files.
   */
  public static Path mergedLayout(String size, Path into) throws IOException, InterruptedException {
    Path model = ensure(size).resolve("model").toAbsolutePath();
    derive(model.resolve(WhisperModel.DECODER_MERGED_FILE), List.of(model.resolve(WhisperModel.DECODER_FILE)),
        "merge_decoders.py", model.toString());
    for (String name : List.of(WhisperModel.ENCODER_FILE, WhisperModel.DECODER_MERGED_FILE, "config.json",
        "generation_config.json", "multilingual.tiktoken")) {
      Files.createSymbolicLink(into.resolve(name), model.resolve(name));
    }
    return into;
  }

  /**
   * The {@code size} model folder with a block-quantized variant beside the float32 files, made by
   * {@code models/synthetic/quantize_nbits.py --bits BITS --block BLOCK --variant VARIANT} when
   * missing or older than the float32 decoder or the script.
   */
  public static Path quantized(String size, String variant, int bits, int block) throws IOException, InterruptedException {
    Path model = ensure(size).resolve("model");
    derive(withPast(model, variant), List.of(withPast(model, "")), "quantize_nbits.py", model.toString(),
        "--bits", Integer.toString(bits), "--block", Integer.toString(block), "--variant", variant);
    return model;
  }

  /**
   * The {@code size} model folder with the exactly-refined variant of
   * {@code models/synthetic/quantize_exact.py --variant VARIANT OPTIONS...} (e.g. {@code --body q8},
   * {@code --bound tight}) beside the float32 files, made when missing or older than the float32
   * decoder or the scripts.
   */
  public static Path exact(String size, String variant, String... options) throws IOException, InterruptedException {
    Path model = ensure(size).resolve("model");
    List<String> arguments = new ArrayList<>(List.of(model.toString(), "--variant", variant));
    arguments.addAll(List.of(options));
    derive(model.resolve(ExactLogits.ROWS_FILE.replace(".onnx", variant + ".onnx")),
        List.of(withPast(model, ""), SYNTHETIC.resolve("quantize_nbits.py")), "quantize_exact.py",
        arguments.toArray(String[]::new));
    return model;
  }

  /**
   * The {@code size} model folder with {@code models/synthetic/slim_step.py --variant BASE}'s variant
   * ({@code BASE + "s"}, {@code _s} for float32) beside the base, made when missing or older than the
   * base's step decoder or the script. The base must be there already.
   */
  public static Path slim(String size, String base) throws IOException, InterruptedException {
    Path model = ensure(size).resolve("model");
    derive(withPast(model, (base.isEmpty() ? "_" : base) + "s"), List.of(withPast(model, base)), "slim_step.py",
        model.toString(), "--variant", base);
    return model;
  }

  /**
   * The {@code size} model folder with {@code models/synthetic/fuse_step.py --variant SLIM}'s variant
   * ({@code SLIM + "f"}: {@code _q8sf}, {@code _sf}) beside the slim one, made when missing or older
   * than the slim step decoder or the scripts. The slim variant must be there already.
   */
  public static Path fused(String size, String slim) throws IOException, InterruptedException {
    Path model = ensure(size).resolve("model");
    derive(withPast(model, slim + "f"), List.of(withPast(model, slim), SYNTHETIC.resolve("slim_step.py")),
        "fuse_step.py", model.toString(), "--variant", slim);
    return model;
  }

  private static Path withPast(Path model, String variant) {
    return model.resolve(WhisperModel.DECODER_WITH_PAST_FILE.replace(".onnx", variant + ".onnx"));
  }

  /**
   * Runs {@code models/synthetic/SCRIPT ARGUMENTS...} unless {@code made} is newer than the script
   * and each of {@code from}.
   */
  private static void derive(Path made, List<Path> from, String script, String... arguments)
      throws IOException, InterruptedException {
    Path scriptFile = SYNTHETIC.resolve(script);
    List<Path> inputs = new ArrayList<>(from);
    inputs.add(scriptFile);
    boolean fresh = Files.isRegularFile(made);
    for (Path input : inputs) {
      fresh = fresh && Files.getLastModifiedTime(made).compareTo(Files.getLastModifiedTime(input)) >= 0;
    }
    if (fresh) {
      return;
    }
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), scriptFile.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException(script + " failed:\n" + new String(output, StandardCharsets.UTF_8));
    }
  }

  static String scriptSha256() throws IOException {
    try {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      for (Path script : SCRIPTS) {
        digest.update(Files.readAllBytes(script));
      }
      return java.util.HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonObject reference(Path dir) throws IOException {
    return new JsonObject(Files.readString(dir.resolve("reference.json")));
  }
}
