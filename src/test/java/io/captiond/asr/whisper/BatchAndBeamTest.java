package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AudioWindow;
import io.captiond.asr.BatchAsrEngine;
import io.captiond.asr.TranscribeOptions;
import io.captiond.testing.WavFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batched greedy decodes, beam search and temperature fallback on the synthetic micro model. */
class BatchAndBeamTest {

  static Path dir;
  static WhisperModel model;
  static LogMelSpectrogram mel;
  static short[] jfk;
  static short[] jfk4s;
  static short[] chirp;

  @BeforeAll
  static void load() throws Exception {
    dir = SyntheticWhisper.ensure("micro");
    model = WhisperModel.load(dir.resolve("model"), 1);
    mel = new LogMelSpectrogram(model.config().numMelBins());
    jfk = WavFile.read16kMono(dir.resolve("audio/jfk.wav"));
    jfk4s = WavFile.read16kMono(dir.resolve("audio/jfk_4s.wav"));
    chirp = WavFile.read16kMono(dir.resolve("audio/chirp_1s.wav"));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  static float[] audio(short[] samples) throws Exception {
    return model.encode(mel.chunk(new AudioWindow(0, samples).floatSamples()));
  }

  @Test
  void aBatchOfFourWithMixedLengthsGivesEachItsSingleDecode() throws Exception {
    WhisperTokenizer tok = model.tokenizer();
    short[][] inputs = {jfk, jfk4s, chirp, Arrays.copyOf(jfk, 7 * 16_000)};
    int[][] prompts = {
        WhisperEngine.prompt(tok, "", "en"),
        WhisperEngine.prompt(tok, "and so my fellow", "en"),
        WhisperEngine.prompt(tok, "", "en"),
        WhisperEngine.prompt(tok, "ask not", "de")};
    float[][] batchAudio = model.encode(Arrays.stream(inputs)
        .map(s -> mel.chunk(new AudioWindow(0, s).floatSamples())).toList());
    GreedyDecoder decoder = new GreedyDecoder(model);
    GreedyDecoder.Result[] batched = decoder.decodeBatch(batchAudio, prompts, WhisperEngine.SAMPLE_LEN);
    for (int i = 0; i < inputs.length; i++) {
      float[] alone = audio(inputs[i]);
      assertArrayEquals(alone, batchAudio[i], 1e-4f, "encoder row " + i);
      GreedyDecoder.Result single = decoder.decode(alone, prompts[i], WhisperEngine.SAMPLE_LEN);
      assertArrayEquals(single.tokens(), batched[i].tokens(), "tokens of item " + i);
      assertEquals(single.noSpeechProbability(), batched[i].noSpeechProbability(), 1e-5);
      assertArrayEquals(single.tokenLogProbabilities(), batched[i].tokenLogProbabilities(), 1e-3);
    }
    // the reference decode (PyTorch) of jfk is item 0's
    int[] reference = SyntheticWhisper.reference(dir).getJsonObject("decodes").getJsonObject("jfk")
        .getJsonArray("tokens").stream().mapToInt(v -> ((Number) v).intValue()).toArray();
    assertArrayEquals(reference, batched[0].tokens());
  }

  @Test
  void theEngineAnswersABatchAsItAnswersEachWindow() throws Exception {
    WhisperEngine engine = new WhisperEngine("micro", model, WhisperSettings.greedy(1).withBatch(4, 10));
    List<AudioWindow> windows = List.of(new AudioWindow(0, jfk), new AudioWindow(5_000, jfk4s),
        new AudioWindow(9_000, chirp), new AudioWindow(20_000, new short[31 * 16_000]));
    List<TranscribeOptions> options = List.of(TranscribeOptions.of("en"),
        new TranscribeOptions("en", "and so my fellow"), new TranscribeOptions(null, ""), TranscribeOptions.of("en"));
    List<BatchAsrEngine.Outcome> outcomes = engine.transcribeAll(windows, options);
    for (int i = 0; i < 3; i++) {
      assertNull(outcomes.get(i).failure());
      assertEquals(engine.transcribe(windows.get(i), options.get(i)), outcomes.get(i).transcript(), "window " + i);
    }
    assertTrue(outcomes.get(3).failure().getMessage().contains("30 s"), "only the over-long window fails");
  }

  @Test
  void aWindowInALanguageTheModelLacksFailsAloneAndTheRestOfItsBatchGoesOn() throws Exception {
    WhisperEngine engine = new WhisperEngine("micro", model, WhisperSettings.greedy(1).withBatch(4, 10));
    List<AudioWindow> windows = List.of(new AudioWindow(0, jfk), new AudioWindow(5_000, jfk4s),
        new AudioWindow(9_000, chirp));
    List<TranscribeOptions> options = List.of(TranscribeOptions.of("en"), TranscribeOptions.of("tlh"),
        new TranscribeOptions(null, ""));
    List<BatchAsrEngine.Outcome> outcomes = engine.transcribeAll(windows, options);
    assertTrue(outcomes.get(1).failure().getMessage().contains("'tlh'"), "" + outcomes.get(1));
    for (int i : new int[] {0, 2}) {
      assertNull(outcomes.get(i).failure(), "window " + i + ": " + outcomes.get(i));
      assertEquals(engine.transcribe(windows.get(i), options.get(i)), outcomes.get(i).transcript(), "window " + i);
    }
  }

  @Test
  void beamOfOneIsGreedyAndBeamOfFiveScoresAtLeastAsHigh() throws Exception {
    WhisperTokenizer tok = model.tokenizer();
    int[] prompt = WhisperEngine.prompt(tok, "", "en");
    GreedyDecoder greedy = new GreedyDecoder(model);
    BeamSearchDecoder beam = new BeamSearchDecoder(model);
    for (short[] input : List.of(jfk, jfk4s, chirp)) {
      float[] audio = audio(input);
      GreedyDecoder.Result g = greedy.decode(audio, prompt, WhisperEngine.SAMPLE_LEN);
      GreedyDecoder.Result one = beam.decode(audio, prompt, WhisperEngine.SAMPLE_LEN, 1, 1.0);
      assertArrayEquals(g.sampled(tok.eot()), one.sampled(tok.eot()));
      GreedyDecoder.Result five = beam.decode(audio, prompt, WhisperEngine.SAMPLE_LEN, 5, 1.0);
      int gLength = g.sampled(tok.eot()).length;
      int fiveLength = five.sampled(tok.eot()).length;
      System.out.printf("beam 5: %d tokens, sum logprob %.3f (per token %.3f); greedy: %d tokens, %.3f (%.3f)%n",
          fiveLength, five.sumLogProbability(), five.sumLogProbability() / fiveLength,
          gLength, g.sumLogProbability(), g.sumLogProbability() / gLength);
      assertTrue(five.sumLogProbability() / Math.max(1, fiveLength) >= g.sumLogProbability() / Math.max(1, gLength) - 1e-9,
          "beam 5 ranks by length-normalized log-probability and keeps greedy's path among its beams");
    }
  }

  @Test
  void temperatureFallbackIsDeterministicPerWindowAndSkippedForConfidentDecodes() throws Exception {
    WhisperSettings fallback = WhisperSettings.greedy(1).withTemperatures(WhisperSettings.WHISPER_TEMPERATURES);
    WhisperEngine withFallback = new WhisperEngine("micro", model, fallback);
    WhisperEngine plain = new WhisperEngine("micro", model);
    AudioWindow window = new AudioWindow(0, jfk4s);
    GreedyDecoder.Result greedy = new GreedyDecoder(model).decode(audio(jfk4s),
        WhisperEngine.prompt(model.tokenizer(), "", "en"), WhisperEngine.SAMPLE_LEN);
    var first = withFallback.transcribe(window, TranscribeOptions.of("en"));
    assertEquals(first, withFallback.transcribe(window, TranscribeOptions.of("en")), "seeded sampling");
    if (!withFallback.needsFallback(greedy)) {
      assertEquals(plain.transcribe(window, TranscribeOptions.of("en")), first);
    }
    assertEquals(2.764705882352941, WhisperEngine.compressionRatio("hello hello hello hello hello hello hello hello"), 1e-12);
    assertEquals(1.0147058823529411, WhisperEngine.compressionRatio(
        " And so my fellow Americans, ask not what your country can do for you"), 1e-12);
  }

  @Test
  void translateTaskPutsTheTranslateToken() throws Exception {
    WhisperTokenizer tok = model.tokenizer();
    int[] prompt = WhisperEngine.prompt(tok, "", "de", true);
    assertArrayEquals(new int[] {tok.sot(), tok.languageToken("de").orElseThrow(), tok.translate()}, prompt);
    WhisperEngine engine = new WhisperEngine("micro", model);
    var transcript = engine.transcribe(new AudioWindow(0, jfk4s), new TranscribeOptions("de", "", "translate"));
    assertEquals("de", transcript.language());
  }
}
