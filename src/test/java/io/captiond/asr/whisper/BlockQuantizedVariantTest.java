package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AsrException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The variants of {@code models/synthetic/quantize_nbits.py} (the attention scale folded into the
 * query projections; every constant MatMul as ONNX Runtime's {@code MatMulNBits} for {@code _q8} and
 * {@code _q4}) load through {@code whisper.variant} like any other variant and decode, greedy under
 * Whisper's rules, as or close to the float32 files on the synthetic micro model.
 * Its weights are random, so its logits have small margins: a token-for-token match is not the claim,
 * the agreement each test states is.
 */
class BlockQuantizedVariantTest {

  static final List<String> INPUTS = List.of("jfk", "jfk_4s", "chirp_1s");
  static Path model;
  static Path audio;

  @BeforeAll
  static void generate() throws Exception {
    model = SyntheticWhisper.quantized("micro", "_q8", 8, 32);
    SyntheticWhisper.quantized("micro", "_q4", 4, 32);
    SyntheticWhisper.quantized("micro", "_f32", 32, 32);
    audio = model.resolveSibling("audio");
  }

  /**
   * Summed over the inputs: the steps agreeing before the first difference, the float32 tokens, and
   * the steps agreeing when forced along float32's tokens.
   */
  static int[] agreement(String variant) throws Exception {
    int agreeing = 0;
    int tokens = 0;
    int forced = 0;
    try (WhisperModel reference = WhisperModel.load(model, 1); WhisperModel quantized = WhisperModel.load(model, 1, variant)) {
      int prompt = reference.tokenizer().sotSequence("en", false).length;
      for (String input : INPUTS) {
        int[] expected = VariantAgreement.decode(reference, audio.resolve(input + ".wav"));
        int[] got = VariantAgreement.decode(quantized, audio.resolve(input + ".wav"));
        agreeing += VariantAgreement.agreeingSteps(expected, got, prompt);
        forced += VariantAgreement.forcedAgreeingSteps(quantized, audio.resolve(input + ".wav"), expected, prompt);
        tokens += expected.length - prompt;
      }
    }
    return new int[] {agreeing, tokens, forced};
  }

  @Test
  void foldingTheAttentionScaleIntoTheQueryKeepsEveryToken() throws Exception {
    int[] agreement = agreement("_f32");
    assertEquals(agreement[1], agreement[0], "_f32 agrees with float32 on " + agreement[0] + " of " + agreement[1]);
  }

  @Test
  void eightBitBlocksPickFloat32sTokenAtNineteenOfTwentyForcedSteps() throws Exception {
    int[] agreement = agreement("_q8");
    assertTrue(agreement[2] * 20 >= agreement[1] * 19, describe("_q8", agreement));
  }

  @Test
  void fourBitBlocksPickFloat32sTokenAtHalfTheForcedSteps() throws Exception {
    int[] agreement = agreement("_q4");
    assertTrue(agreement[2] * 2 >= agreement[1], describe("_q4", agreement));
  }

  static String describe(String variant, int[] agreement) {
    return variant + " vs float32: " + agreement[0] + " of " + agreement[1] + " steps before the first difference, "
        + agreement[2] + " forced along float32's tokens";
  }

  @Test
  void aMissingVariantNamesItsFileAndTheVariantsThere() {
    AsrException e = assertThrows(AsrException.class, () -> WhisperModel.load(model, 1, "_q5"));
    assertTrue(e.getMessage().contains("lacks encoder_model_q5.onnx"), e.getMessage());
    assertTrue(e.getMessage().contains("_q8") && e.getMessage().contains("\"\""), e.getMessage());
  }

  @Test
  void aVariantThatIsNoFileNameSuffixIsRefusedWithTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new WhisperSettings(1, WhisperSettings.Device.CPU, "/../q4", 1, 1.0, List.of(0.0), 2.4, -1.0, 0.6, 1, 0));
    assertTrue(e.getMessage().contains("variant") && e.getMessage().contains("/../q4"), e.getMessage());
  }

  @Test
  void theQuantizedFilesKeepTheFloat32Interface() throws Exception {
    try (WhisperModel quantized = WhisperModel.load(model, 1, "_q4")) {
      assertEquals(2, quantized.config().decoderLayers());
      assertEquals("CPU", quantized.device());
    }
  }
}
