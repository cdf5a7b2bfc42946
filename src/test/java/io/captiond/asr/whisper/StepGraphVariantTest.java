package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rewritten one-token step graphs compute their base variant's numbers: the same logits bit for
 * bit at every step, hence the same tokens, for float32 and the 8-bit variant. The slim graphs of
 * {@code models/synthetic/slim_step.py} ({@code _s}, {@code _q8s}: head splits and merges as one
 * Reshape, the causal mask of a one-token step dropped) against the exported step graph; the fused
 * graphs of {@code models/synthetic/fuse_step.py} ({@code _sf}, {@code _q8sf}: each attention one
 * MultiHeadAttention kernel, the query/key/value projections one MatMul) against the slim ones.
 */
class StepGraphVariantTest {

  static final int STEPS = 24;
  static Path model;
  static Path audio;

  @BeforeAll
  static void generate() throws Exception {
    model = SyntheticWhisper.quantized("micro", "_q8", 8, 32);
    SyntheticWhisper.slim("micro", "");
    SyntheticWhisper.slim("micro", "_q8");
    SyntheticWhisper.fused("micro", "_s");
    SyntheticWhisper.fused("micro", "_q8s");
    audio = model.resolveSibling("audio");
  }

  @ParameterizedTest(name = "{1} against {0}")
  @CsvSource({"'', _s", "_q8, _q8s", "_s, _sf", "_q8s, _q8sf"})
  void theRewrittenStepGraphGivesTheBaseLogitsBitForBit(String base, String rewritten) throws Exception {
    try (WhisperModel reference = WhisperModel.load(model, 1, base);
        WhisperModel other = WhisperModel.load(model, 1, rewritten)) {
      float[] encoded = reference.encode(VariantAgreement.features(reference, audio.resolve("jfk.wav")));
      int[] prompt = reference.tokenizer().sotSequence("en", false);
      try (DecoderBatch expected = new DecoderBatch(reference, new float[][] {encoded});
          DecoderBatch got = new DecoderBatch(other, new float[][] {encoded})) {
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

  @ParameterizedTest(name = "{1} against {0}")
  @CsvSource({"'', _s", "_q8, _q8s", "'', _sf", "_q8, _q8sf"})
  void theRewrittenStepGraphDecodesTheBaseTokens(String base, String rewritten) throws Exception {
    try (WhisperModel reference = WhisperModel.load(model, 1, base);
        WhisperModel other = WhisperModel.load(model, 1, rewritten)) {
      for (String input : List.of("jfk", "jfk_4s", "chirp_1s")) {
        int[] expected = VariantAgreement.decode(reference, audio.resolve(input + ".wav"));
        assertArrayEquals(expected, VariantAgreement.decode(other, audio.resolve(input + ".wav")), input);
        assertTrue(expected.length > 3, input + " decodes some tokens");
      }
    }
  }
}
