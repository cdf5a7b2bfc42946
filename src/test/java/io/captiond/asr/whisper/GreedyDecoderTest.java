package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captiond.asr.AudioWindow;
import io.captiond.testing.WavFile;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Java's encoder + cached greedy decode on the synthetic micro model equals the PyTorch reference. */
class GreedyDecoderTest {

  static Path dir;
  static JsonObject reference;
  static WhisperModel model;

  @BeforeAll
  static void load() throws Exception {
    dir = SyntheticWhisper.ensure("micro");
    reference = SyntheticWhisper.reference(dir);
    model = WhisperModel.load(dir.resolve("model"), 1);
  }

  @AfterAll
  static void close() {
    if (model != null) {
      model.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"jfk", "jfk_4s", "chirp_1s"})
  void decodesTheSameTokensAsPytorch(String input) throws Exception {
    JsonObject expected = reference.getJsonObject("decodes").getJsonObject(input);
    int[] expectedTokens = expected.getJsonArray("tokens").stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    short[] samples = WavFile.read16kMono(dir.resolve("audio").resolve(input + ".wav"));
    LogMelSpectrogram.Features mel = new LogMelSpectrogram(model.config().numMelBins())
        .chunk(new AudioWindow(0, samples).floatSamples());

    long started = System.nanoTime();
    float[] audio = model.encode(mel);
    long encoded = System.nanoTime();
    int[] prompt = model.tokenizer().sotSequence("en", false);
    GreedyDecoder.Result result = new GreedyDecoder(model).decode(audio, prompt, 224);
    long decoded = System.nanoTime();

    System.out.printf("%s: encoder %.0f ms, %d tokens in %.0f ms; no-speech %.3g (python %.3g)%n  %s%n", input,
        (encoded - started) / 1e6, result.tokens().length - prompt.length, (decoded - encoded) / 1e6,
        result.noSpeechProbability(), expected.getDouble("no_speech_prob"),
        model.tokenizer().decodeWithTimestamps(result.tokens()));
    assertArrayEquals(expectedTokens, result.tokens(), "tokens, python " + Arrays.toString(expectedTokens));
    assertEquals(expected.getDouble("no_speech_prob"), result.noSpeechProbability(), 1e-6);
  }
}
