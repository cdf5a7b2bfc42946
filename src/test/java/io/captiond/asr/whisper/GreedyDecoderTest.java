package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captiond.asr.AudioWindow;
import io.captiond.testing.WavFile;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Java's log-mel, encoder and cached greedy decode on a synthetic model give the tokens of the
 * PyTorch reference. Sizes come from {@code -Dwhisper.synthetic.sizes=micro,tiny,base} (default
 * micro and micro-v3, which has large-v3's 128 mel bins and 51,866 tokens: tiny takes about a minute to
 * generate, base several, small and large-v3-turbo far longer).
 */
class GreedyDecoderTest {

  static final Map<String, WhisperModel> MODELS = new HashMap<>();

  static Stream<Arguments> cases() {
    return Arrays.stream(System.getProperty("whisper.synthetic.sizes", "micro,micro-v3").split(","))
        .map(String::strip).filter(s -> !s.isEmpty())
        .flatMap(size -> Stream.of("jfk", "jfk_4s", "chirp_1s").map(input -> Arguments.of(size, input)));
  }

  @AfterAll
  static void close() {
    MODELS.values().forEach(WhisperModel::close);
    MODELS.clear();
  }

  /** Java's list (tokenizer's non-speech symbols + specials) equals the script's, from its own byte-pair merge. */
  @Test
  void suppressesWhatThePythonReferenceSuppresses() throws Exception {
    Path dir = SyntheticWhisper.ensure("micro");
    int[] python = SyntheticWhisper.reference(dir).getJsonArray("suppress_tokens").stream()
        .mapToInt(v -> ((Number) v).intValue()).toArray();
    WhisperTokenizer tok = WhisperTokenizer.fromRankFile(dir.resolve("model/multilingual.tiktoken"), 51865);
    assertArrayEquals(python, GreedyDecoder.suppressTokens(new int[0], tok));
    assertArrayEquals(python, GreedyDecoder.suppressTokens(python, tok));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void decodesTheSameTokensAsPytorch(String size, String input) throws Exception {
    Path dir = SyntheticWhisper.ensure(size);
    WhisperModel model = MODELS.get(size);
    if (model == null) {
      model = WhisperModel.load(dir.resolve("model"), 1);
      MODELS.put(size, model);
    }
    JsonObject expected = SyntheticWhisper.reference(dir).getJsonObject("decodes").getJsonObject(input);
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

    System.out.printf("%s %s: encoder %.0f ms, %d tokens in %.0f ms; no-speech %.3g (python %.3g)%n  %s%n",
        size, input, (encoded - started) / 1e6, result.tokens().length - prompt.length, (decoded - encoded) / 1e6,
        result.noSpeechProbability(), expected.getDouble("no_speech_prob"),
        model.tokenizer().decodeWithTimestamps(result.tokens()));
    assertArrayEquals(expectedTokens, result.tokens(), "tokens, python " + Arrays.toString(expectedTokens));
    assertEquals(expected.getDouble("no_speech_prob"), result.noSpeechProbability(), 1e-6);
  }
}
