package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The slim step graphs of {@code models/synthetic/slim_step.py} (head splits and merges as one
 * Reshape, the causal mask of a one-token step dropped) compute the base variant's numbers: the
 * same logits bit for bit at every step, hence the same tokens, for float32 ({@code _s}) and the
 * 8-bit variant ({@code _q8s}).
 */
class SlimStepVariantTest {

  static final int STEPS = 24;
  static Path model;
  static Path audio;

  @BeforeAll
  static void generate() throws Exception {
    model = SyntheticWhisper.quantized("micro", "_q8", 8, 32);
    SyntheticWhisper.slim("micro", "");
    SyntheticWhisper.slim("micro", "_q8");
    audio = model.resolveSibling("audio");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "_q8"})
  void theSlimStepGraphGivesTheBaseLogitsBitForBit(String base) throws Exception {
    try (WhisperModel reference = WhisperModel.load(model, 1, base);
        WhisperModel slim = WhisperModel.load(model, 1, (base.isEmpty() ? "_" : base) + "s")) {
      float[] encoded = reference.encode(VariantAgreement.features(reference, audio.resolve("jfk.wav")));
      int[] prompt = reference.tokenizer().sotSequence("en", false);
      try (DecoderBatch expected = new DecoderBatch(reference, new float[][] {encoded});
          DecoderBatch got = new DecoderBatch(slim, new float[][] {encoded})) {
        float[] want = expected.prompt(new int[][] {prompt})[0];
        got.prompt(new int[][] {prompt});
        for (int step = 0; step < STEPS; step++) {
          int next = TimestampRules.argmax(want);
          want = expected.next(new int[] {next})[0];
          assertArrayEquals(want, got.next(new int[] {next})[0], 0f, "logits after step " + step);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "_q8"})
  void theSlimStepGraphDecodesTheBaseTokens(String base) throws Exception {
    try (WhisperModel reference = WhisperModel.load(model, 1, base);
        WhisperModel slim = WhisperModel.load(model, 1, (base.isEmpty() ? "_" : base) + "s")) {
      for (String input : List.of("jfk", "jfk_4s", "chirp_1s")) {
        int[] expected = VariantAgreement.decode(reference, audio.resolve(input + ".wav"));
        assertArrayEquals(expected, VariantAgreement.decode(slim, audio.resolve(input + ".wav")), input);
        assertEquals(true, expected.length > 3, input + " decodes some tokens");
      }
    }
  }
}
