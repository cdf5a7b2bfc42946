package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AudioWindow;
import io.captiond.testing.WavFile;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The logits a {@link DecoderBatch} hands out, now that ONNX Runtime writes them into one buffer the
 * batch reuses (its pinned outputs): each array is the caller's, and the prompt's stay readable.
 */
class DecoderBatchTest {

  static WhisperModel model;
  static float[] jfk;

  @BeforeAll
  static void load() throws Exception {
    Path dir = SyntheticWhisper.ensure("micro");
    model = WhisperModel.load(dir.resolve("model"), 1);
    short[] samples = WavFile.read16kMono(dir.resolve("audio/jfk.wav"));
    jfk = model.encode(new LogMelSpectrogram(model.config().numMelBins())
        .chunk(new AudioWindow(0, samples).floatSamples()));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void aStepsLogitsStayAsTheyWereWhenTheNextStepWritesItsOwn() throws Exception {
    int[] prompt = WhisperEngine.prompt(model.tokenizer(), "", "en");
    try (DecoderBatch batch = new DecoderBatch(model, new float[][] {jfk, jfk})) {
      float[][] afterPrompt = batch.prompt(new int[][] {prompt, prompt});
      float[][] first = batch.next(new int[] {TimestampRules.argmax(afterPrompt[0]), model.tokenizer().eot()});
      float[][] kept = {first[0].clone(), first[1].clone()};
      float[][] second = batch.next(new int[] {TimestampRules.argmax(first[0]), model.tokenizer().eot()});
      assertArrayEquals(kept[0], first[0]);
      assertArrayEquals(kept[1], first[1]);
      assertFalse(java.util.Arrays.equals(first[0], second[0]), "two steps gave one row the same logits");
      assertEquals(model.config().vocabSize(), second[1].length);
    }
  }

  @Test
  void theNoSpeechProbabilityOfEveryRowIsItsPromptsAfterStepsToo() throws Exception {
    int[] prompt = WhisperEngine.prompt(model.tokenizer(), "and so my fellow", "en");
    float[] silence = model.encode(new LogMelSpectrogram(model.config().numMelBins()).chunk(new float[16_000]));
    try (DecoderBatch batch = new DecoderBatch(model, new float[][] {jfk, silence})) {
      float[][] logits = batch.prompt(new int[][] {prompt, prompt});
      double[] atPrompt = {batch.noSpeechProbability(0, prompt), batch.noSpeechProbability(1, prompt)};
      for (int s = 0; s < 3; s++) {
        logits = batch.next(new int[] {TimestampRules.argmax(logits[0]), TimestampRules.argmax(logits[1])});
      }
      assertEquals(atPrompt[0], batch.noSpeechProbability(0, prompt));
      assertEquals(atPrompt[1], batch.noSpeechProbability(1, prompt));
      assertTrue(atPrompt[0] != atPrompt[1], "both rows' audio gave no-speech probability " + atPrompt[0]);
    }
  }
}
