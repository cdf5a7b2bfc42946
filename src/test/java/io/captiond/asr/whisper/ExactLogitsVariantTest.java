package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.captiond.asr.AsrException;
import io.captiond.settings.SettingException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code _q8x} variant of {@code models/synthetic/quantize_exact.py} on the synthetic micro model:
 * an 8-bit output projection whose logits come with bounds, and {@link ExactLogits} making the
 * deciding ones float32's. Unlike {@code _q8} (see {@link BlockQuantizedVariantTest}), its greedy
 * tokens are float32's at every step, free decode and batch alike.
 */
class ExactLogitsVariantTest {

  static final String VARIANT = "_q8x";
  static Path model;
  static Path audio;

  @BeforeAll
  static void generate() throws Exception {
    model = SyntheticWhisper.exact("micro", VARIANT);
    SyntheticWhisper.exact("micro", "_q8xt", "--bound", "tight");
    SyntheticWhisper.exact("micro", "_q8xb", "--body", "q8");
    SyntheticWhisper.exact("micro", "_q8xc", "--bound", "compact");
    audio = model.resolveSibling("audio");
  }

  @Test
  void greedyDecodesGiveFloat32sTokensAtEveryStep() throws Exception {
    try (WhisperModel reference = WhisperModel.load(model, 1); WhisperModel exact = WhisperModel.load(model, 1, VARIANT)) {
      assertTrue(exact.exactLogits());
      int prompt = reference.tokenizer().sotSequence("en", false).length;
      for (String input : BlockQuantizedVariantTest.INPUTS) {
        Path wav = audio.resolve(input + ".wav");
        int[] expected = VariantAgreement.decode(reference, wav);
        assertArrayEquals(expected, VariantAgreement.decode(exact, wav), input);
        assertEquals(expected.length - prompt, VariantAgreement.forcedAgreeingSteps(exact, wav, expected, prompt), input);
      }
    }
  }

  @Test
  void batchDecodesGiveFloat32sTokensAndLogProbabilitiesCloseToFloat32s() throws Exception {
    try (WhisperModel reference = WhisperModel.load(model, 1); WhisperModel exact = WhisperModel.load(model, 1, VARIANT)) {
      int n = BlockQuantizedVariantTest.INPUTS.size();
      float[][] windows = new float[n][];
      int[][] prompts = new int[n][];
      for (int i = 0; i < n; i++) {
        Path wav = audio.resolve(BlockQuantizedVariantTest.INPUTS.get(i) + ".wav");
        windows[i] = reference.encode(VariantAgreement.features(reference, wav));
        prompts[i] = reference.tokenizer().sotSequence("en", false);
      }
      GreedyDecoder.Result[] expected = new GreedyDecoder(reference).decodeBatch(windows, prompts, 224);
      GreedyDecoder.Result[] got = new GreedyDecoder(exact).decodeBatch(windows, prompts, 224);
      int eot = reference.tokenizer().eot();
      double worstStep = 0;
      double worstAverage = 0;
      double worstNoSpeech = 0;
      for (int i = 0; i < n; i++) {
        assertArrayEquals(expected[i].tokens(), got[i].tokens(), BlockQuantizedVariantTest.INPUTS.get(i));
        for (int s = 0; s < expected[i].tokenLogProbabilities().length; s++) {
          worstStep = Math.max(worstStep, Math.abs(expected[i].tokenLogProbabilities()[s] - got[i].tokenLogProbabilities()[s]));
        }
        worstAverage = Math.max(worstAverage, Math.abs(expected[i].avgLogProbability(eot) - got[i].avgLogProbability(eot)));
        worstNoSpeech = Math.max(worstNoSpeech, Math.abs(expected[i].noSpeechProbability() - got[i].noSpeechProbability()));
      }
      System.out.printf("log-probability vs float32: step %.2e, average %.2e; no-speech probability %.2e%n",
          worstStep, worstAverage, worstNoSpeech);
      // the normalizer sums the tail's approximate logits; on micro (2 blocks a row, flat random
      // logits) measured: a step's 9.1e-3, the average 5.1e-4, no-speech 4e-11
      assertTrue(worstStep < 3e-2, "a step's log-probability differs by " + worstStep);
      assertTrue(worstAverage < 2e-3, "the average log-probability differs by " + worstAverage);
      assertTrue(worstNoSpeech < 1e-3, "the no-speech probability differs by " + worstNoSpeech);
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {VARIANT, "_q8xt", "_q8xb", "_q8xc"})
  void everyApproximateLogitLiesWithinItsBoundOfTheFloat32Projection(String variant) throws Exception {
    try (WhisperModel reference = WhisperModel.load(model, 1); WhisperModel exact = WhisperModel.load(model, 1, variant)) {
      Path wav = audio.resolve("jfk.wav");
      int[] tokens = VariantAgreement.decode(reference, wav);
      int prompt = reference.tokenizer().sotSequence("en", false).length;
      int vocab = exact.config().vocabSize();
      long[] all = LongStream.range(0, vocab).toArray();
      double worstRatio = 0;
      double worstBody = 0;
      try (DecoderBatch batch = new DecoderBatch(exact, new float[][] {exact.encode(VariantAgreement.features(exact, wav))});
          DecoderBatch plain = new DecoderBatch(reference, new float[][] {reference.encode(VariantAgreement.features(reference, wav))})) {
        float[] logits = batch.prompt(new int[][] {java.util.Arrays.copyOf(tokens, prompt)})[0];
        float[] float32 = plain.prompt(new int[][] {java.util.Arrays.copyOf(tokens, prompt)})[0];
        for (int at = prompt; at < Math.min(tokens.length, prompt + 6); at++) {
          float[] rows = rows(exact, batch.hidden(0), all);
          float[] bounds = batch.bounds(0);
          for (int t = 0; t < vocab; t++) {
            double error = Math.abs(rows[t] - logits[t]);
            assertTrue(error <= bounds[t], "token " + t + " at step " + at + ": |error| " + error + " > bound " + bounds[t]);
            worstRatio = Math.max(worstRatio, error / bounds[t]);
            worstBody = Math.max(worstBody, Math.abs(rows[t] - float32[t]));
          }
          logits = batch.next(new int[] {tokens[at]})[0];
          float32 = plain.next(new int[] {tokens[at]})[0];
        }
      }
      System.out.printf("%s: worst |error| / bound %.3f, rows vs float32 logits %.2e%n", variant, worstRatio, worstBody);
      if (!variant.equals("_q8xb")) { // a q8 body (--body q8) moves x itself
        // the float32 body (attention scale folded) gives float32's logits to rounding
        assertTrue(worstBody < 1e-3, "rows vs float32 logits differ by " + worstBody);
      }
      assertTrue(worstRatio > 0.01, "the bound is not vacuous: worst error / bound " + worstRatio);
    }
  }

  /**
   * The rule-free argmax ({@link ExactLogits#argmax}, the Whisper bench's step) along float32's tokens
   * picks float32's plain argmax at every step, and greedy decodes under the rules are float32's, for
   * the default bound ({@code --bound row}: each token's largest block scale) and {@code --bound compact}
   * (every block's scale: closer, more bytes).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {VARIANT, "_q8xc"})
  void theRuleFreeArgmaxAndGreedyDecodesAreFloat32sForEachBound(String variant) throws Exception {
    try (WhisperModel reference = WhisperModel.load(model, 1); WhisperModel exact = WhisperModel.load(model, 1, variant)) {
      GreedyDecoder greedy = new GreedyDecoder(exact);
      int prompt = reference.tokenizer().sotSequence("en", false).length;
      for (String input : BlockQuantizedVariantTest.INPUTS) {
        Path wav = audio.resolve(input + ".wav");
        int[] expected = VariantAgreement.decode(reference, wav);
        assertArrayEquals(expected, VariantAgreement.decode(exact, wav), input);
        try (DecoderBatch batch = new DecoderBatch(exact, new float[][] {exact.encode(VariantAgreement.features(exact, wav))});
            DecoderBatch plain = new DecoderBatch(reference,
                new float[][] {reference.encode(VariantAgreement.features(reference, wav))})) {
          float[] logits = batch.prompt(new int[][] {java.util.Arrays.copyOf(expected, prompt)})[0];
          float[] float32 = plain.prompt(new int[][] {java.util.Arrays.copyOf(expected, prompt)})[0];
          for (int at = prompt; at < expected.length; at++) {
            assertEquals(TimestampRules.argmax(float32), greedy.exactArgmax(logits, batch.bounds(0), batch.hidden(0)),
                input + " at step " + at);
            if (at + 1 < expected.length) {
              logits = batch.next(new int[] {expected[at]})[0];
              float32 = plain.next(new int[] {expected[at]})[0];
            }
          }
        }
      }
      assertEquals(0, greedy.exactStats().reruns(), "the check after the refinement found a token the bound missed");
    }
  }

  private static float[] rows(WhisperModel exact, float[] hidden, long[] ids) throws Exception {
    try (OnnxTensor x = OnnxTensor.createTensor(exact.env(), FloatBuffer.wrap(hidden), new long[] {1, hidden.length});
        OnnxTensor wanted = OnnxTensor.createTensor(exact.env(), LongBuffer.wrap(ids), new long[] {ids.length});
        OrtSession.Result result = exact.logitRows().run(Map.of(ExactLogits.ROWS_HIDDEN, x, ExactLogits.ROWS_IDS, wanted))) {
      return WhisperModel.floats((OnnxTensor) result.get(0));
    }
  }

  @Test
  void aVariantFolderWithoutItsFloat32RowsIsRefusedNamingTheMissingFile(@TempDir Path dir) throws Exception {
    try (var files = Files.list(model)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (!file.getFileName().toString().startsWith("decoder_logit_rows")) {
          Files.createSymbolicLink(dir.resolve(file.getFileName()), file.toAbsolutePath());
        }
      }
    }
    AsrException e = assertThrows(AsrException.class, () -> WhisperModel.load(dir, 1, VARIANT));
    assertTrue(e.getMessage().contains("lacks decoder_logit_rows_q8x.onnx"), e.getMessage());
    assertTrue(e.getMessage().contains("logit_bounds"), e.getMessage());
  }

  @Test
  void theDetectedLanguageIsFloat32s() throws Exception {
    short[] jfk = io.captiond.testing.WavFile.read16kMono(audio.resolve("jfk.wav"));
    try (WhisperEngine reference = WhisperEngine.load(model, 1);
        WhisperEngine exact = WhisperEngine.load("x", model, new WhisperSettings(1, WhisperSettings.Device.CPU, VARIANT, 1,
            1.0, java.util.List.of(0.0), 2.4, -1.0, 0.6, 1, 0))) {
      io.captiond.asr.TranscribeOptions detect = new io.captiond.asr.TranscribeOptions(null, "");
      for (int start : new int[] {0, 16_000, 48_000}) {
        io.captiond.asr.AudioWindow window = new io.captiond.asr.AudioWindow(0,
            java.util.Arrays.copyOfRange(jfk, start, jfk.length));
        assertEquals(reference.transcribe(window, detect).language(), exact.transcribe(window, detect).language());
      }
    }
  }

  @Test
  void beamSearchOnTheVariantIsRefusedNamingTheSetting() throws Exception {
    WhisperSettings beam = new WhisperSettings(1, WhisperSettings.Device.CPU, VARIANT, 2, 1.0,
        java.util.List.of(0.0), 2.4, -1.0, 0.6, 1, 0);
    SettingException e = assertThrows(SettingException.class, () -> WhisperEngine.load("w", model, beam));
    assertEquals(WhisperSettings.BEAM_SIZE, e.key());
    assertTrue(e.getMessage().contains(VARIANT), e.getMessage());
  }
}
