package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captiond.asr.AudioWindow;
import io.captiond.asr.Segment;
import io.captiond.asr.TranscribeOptions;
import io.captiond.asr.Transcript;
import io.captiond.testing.WavFile;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whisper's translate task (a Spanish source into English) on the synthetic micro model gives, token for token,
 * what the independent PyTorch reference in {@code models/synthetic/make_synthetic_whisper.py} decodes with
 * {@code <|translate|>} in its prompt. Random weights: the words are garbage, their exactness is what counts.
 */
class WhisperTranslateTaskTest {

  static Path dir;
  static WhisperEngine engine;
  static WhisperModel model;

  @BeforeAll
  static void load() throws Exception {
    dir = SyntheticWhisper.ensure("micro");
    engine = WhisperEngine.load(dir.resolve("model"), 1);
    model = WhisperModel.load(dir.resolve("model"), 1);
  }

  @AfterAll
  static void close() {
    engine.close();
    model.close();
  }

  static int[] referenceTokens(String input) throws Exception {
    JsonObject decode = SyntheticWhisper.reference(dir).getJsonObject("translate_decodes").getJsonObject(input);
    return decode.getJsonArray("tokens").stream().mapToInt(v -> ((Number) v).intValue()).toArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"jfk", "jfk_4s"})
  void theDecoderPromptedToTranslateSamplesThePytorchTokens(String input) throws Exception {
    int[] expected = referenceTokens(input);
    int[] prompt = model.tokenizer().sotSequence("es", true);
    int[] referencePrompt = SyntheticWhisper.reference(dir).getJsonArray("translate_sot_sequence").stream()
        .mapToInt(v -> ((Number) v).intValue()).toArray();
    assertArrayEquals(referencePrompt, prompt, "the prompt: <|startoftranscript|><|es|><|translate|>");
    short[] samples = WavFile.read16kMono(dir.resolve("audio").resolve(input + ".wav"));
    float[] audio = model.encode(new LogMelSpectrogram(model.config().numMelBins())
        .chunk(new AudioWindow(0, samples).floatSamples()));
    GreedyDecoder.Result result = new GreedyDecoder(model).decode(audio, prompt, 224);
    assertArrayEquals(expected, result.tokens(), "tokens, python " + Arrays.toString(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jfk", "jfk_4s"})
  void theEngineWithTaskTranslateGivesTheReferenceText(String input) throws Exception {
    int[] tokens = referenceTokens(input);
    short[] samples = WavFile.read16kMono(dir.resolve("audio").resolve(input + ".wav"));
    Transcript transcript = engine.transcribe(new AudioWindow(5_000, samples),
        new TranscribeOptions("es", "", TranscribeOptions.TRANSLATE));
    String expected = model.tokenizer().decode(Arrays.copyOfRange(tokens, 3, tokens.length - 1));
    assertEquals(expected, transcript.segments().stream().map(Segment::text).reduce("", String::concat));
  }
}
