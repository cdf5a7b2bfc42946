package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AudioWindow;
import io.captiond.testing.WavFile;
import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperFullParams;
import io.github.givimad.whisperjni.WhisperJNI;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * whisper.cpp, the engine users would pick instead, agrees with ours on the same weights: forced
 * along the tokens our ONNX Runtime decode picks, whisper.cpp 1.7.1 (as whisper-jni bundles it)
 * picks the same token at every step under Whisper's rules. Its own free decode differs from ours
 * by its rules (it does not force the first token to be a timestamp), so the check is forced.
 * Driven step by step through whisper.h by {@code models/synthetic/whisper_cpp.py}, since
 * whisper-jni's Java API stops at whisper_full(). Sizes as {@link GreedyDecoderTest}.
 */
class WhisperCppAgreementTest {

  static final Map<String, WhisperModel> MODELS = new HashMap<>();
  static final Path DRIVER = Path.of("models", "synthetic", "whisper_cpp.py");

  @TempDir Path temp;

  static Stream<Arguments> cases() {
    return GreedyDecoderTest.cases();
  }

  @AfterAll
  static void close() {
    MODELS.values().forEach(WhisperModel::close);
    MODELS.clear();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void whisperCppForcedAlongOurTokensPicksTheSameTokenAtEveryStep(String size, String input) throws Exception {
    Path dir = SyntheticWhisper.ensure(size);
    WhisperModel model = MODELS.computeIfAbsent(size, s -> load(dir));
    short[] samples = WavFile.read16kMono(dir.resolve("audio").resolve(input + ".wav"));
    LogMelSpectrogram.Features mel = new LogMelSpectrogram(model.config().numMelBins())
        .chunk(new AudioWindow(0, samples).floatSamples());
    int[] prompt = model.tokenizer().sotSequence("en", false);
    int[] ours = new GreedyDecoder(model).decode(model.encode(mel), prompt, 224).tokens();

    JsonObject cpp = forcedDecode(dir.resolve("model"), mel, ours, prompt.length);
    int[] picks = cpp.getJsonArray("picks").stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    System.out.printf("%s %s: %d steps, smallest top-2 margin in whisper.cpp %s%n", size, input, picks.length,
        cpp.getJsonArray("margins").stream().mapToDouble(v -> ((Number) v).doubleValue()).min().orElse(0));
    assertArrayEquals(Arrays.copyOfRange(ours, prompt.length, ours.length), picks,
        "whisper.cpp's pick at each step after our tokens " + Arrays.toString(ours));
  }

  /** The file whisper-jni's own loader and whisper_full() accept is the file the forced check reads. */
  @Test
  void whisperJniLoadsTheSyntheticModelAndRunsAFullDecode() throws Exception {
    Path dir = SyntheticWhisper.ensure("micro");
    WhisperJNI.loadLibrary();
    WhisperJNI whisper = new WhisperJNI();
    WhisperContext context = whisper.init(dir.resolve("model").resolve("ggml-model-f16.bin").toAbsolutePath());
    try {
      assertTrue(whisper.isMultilingual(context));
      WhisperFullParams params = new WhisperFullParams();
      params.nThreads = 1;
      params.language = "en";
      short[] samples = WavFile.read16kMono(dir.resolve("audio").resolve("jfk_4s.wav"));
      float[] audio = new AudioWindow(0, samples).floatSamples();
      assertEquals(0, whisper.full(context, params, audio, audio.length), "whisper_full's status");
      assertTrue(whisper.fullNSegments(context) >= 0);
    } finally {
      whisper.free(context);
    }
  }

  static WhisperModel load(Path dir) {
    try {
      return WhisperModel.load(dir.resolve("model"), 1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  JsonObject forcedDecode(Path modelDir, LogMelSpectrogram.Features mel, int[] tokens, int sampleBegin)
      throws IOException, InterruptedException {
    Path melFile = temp.resolve("mel.f32");
    ByteBuffer bytes = ByteBuffer.allocate(mel.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(mel.values());
    Files.write(melFile, bytes.array());
    String tokenList = Arrays.stream(tokens).mapToObj(Integer::toString).collect(Collectors.joining(","));
    Process process = new ProcessBuilder(List.of(SyntheticWhisper.PYTHON.toString(), DRIVER.toString(), "forced",
        whisperJniJar().toString(), modelDir.toString(), melFile.toString(), tokenList, Integer.toString(sampleBegin)))
        .redirectError(temp.resolve("whisper-cpp.log").toFile()).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IOException(DRIVER + " failed:\n" + Files.readString(temp.resolve("whisper-cpp.log")));
    }
    return new JsonObject(new String(output, StandardCharsets.UTF_8));
  }

  static Path whisperJniJar() {
    try {
      return Path.of(WhisperJNI.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
