package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AudioWindow;
import io.captiond.asr.Segment;
import io.captiond.asr.TranscribeOptions;
import io.captiond.asr.Transcript;
import io.captiond.testing.WavFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A draft changes how many decoder calls a greedy decode takes, never its result: on the synthetic
 * model the tokens are the plain decode's and the log-probabilities agree within {@link #LOG_PROB_TOLERANCE},
 * whatever the draft (none, right, wrong at the start or in the middle, too long, ended early, a
 * timestamp off by one, the decode of a shorter window). The tolerance: a position's logits come from
 * a call on up to 8 tokens instead of one, whose matrix products may sum in another order; float32
 * rounding of logits of magnitude ~10 is ~1e-6, so 1e-4 leaves a wide margin and still catches a
 * wrong row (a wrong position's logits differ by whole units).
 */
class DraftedDecoderTest {

  static final double LOG_PROB_TOLERANCE = 1e-4;
  static final List<String> INPUTS = List.of("jfk", "jfk_4s", "chirp_1s");
  static Path dir;
  static WhisperModel model;
  static GreedyDecoder greedy;
  static final Map<String, float[]> AUDIO = new HashMap<>();
  static final Map<String, GreedyDecoder.Result> PLAIN = new HashMap<>();
  static int[] prompt;

  @BeforeAll
  static void load() throws Exception {
    dir = SyntheticWhisper.ensure("micro");
    model = WhisperModel.load(dir.resolve("model"), 1);
    greedy = new GreedyDecoder(model);
    prompt = model.tokenizer().sotSequence("en", false);
    for (String input : INPUTS) {
      float[] audio = model.encode(VariantAgreement.features(model, dir.resolve("audio/" + input + ".wav")));
      AUDIO.put(input, audio);
      PLAIN.put(input, greedy.decode(audio, prompt, WhisperEngine.SAMPLE_LEN));
    }
  }

  @AfterAll
  static void close() {
    model.close();
  }

  static Stream<Arguments> drafts() {
    return INPUTS.stream().flatMap(input -> Stream.of("none", "right", "wrong first", "wrong in the middle",
        "longer than the result", "ending early", "a timestamp off by one", "a token more in the middle",
        "a token less in the middle", "a shorter window's decode")
        .map(kind -> Arguments.of(input, kind)));
  }

  @ParameterizedTest(name = "{0}, draft {1}")
  @MethodSource("drafts")
  void aDraftedDecodeGivesThePlainDecodesResult(String input, String kind) throws Exception {
    GreedyDecoder.Result plain = PLAIN.get(input);
    int[] draft = draft(input, kind, plain.tokens());
    DraftedDecoder.Stats stats = new DraftedDecoder.Stats();
    GreedyDecoder.Result got = greedy.drafted().decode(AUDIO.get(input), prompt, WhisperEngine.SAMPLE_LEN, draft, stats);
    System.out.printf("%s, draft %s: %s%n", input, kind, stats);
    assertSameResult(plain, got, input + " " + kind);
    if (kind.startsWith("a token")) {
      int sampled = plain.tokens().length - plain.sampleBegin();
      int rightCalls = 1 + (sampled - 1 + DraftedDecoder.MAX_FED - 1) / DraftedDecoder.MAX_FED;
      assertTrue(stats.calls <= rightCalls + 4, "back in step after the difference (a right draft: " + rightCalls
          + " calls): " + stats);
    }
    if (kind.equals("right")) {
      int sampled = plain.tokens().length - plain.sampleBegin();
      assertEquals(stats.fed, stats.accepted, "every drafted token fed is kept: " + stats);
      assertEquals(1 + (sampled - 1 + DraftedDecoder.MAX_FED - 1) / DraftedDecoder.MAX_FED, stats.calls,
          "the prompt call, then one call per " + DraftedDecoder.MAX_FED + " tokens: " + stats);
    }
  }

  static void assertSameResult(GreedyDecoder.Result plain, GreedyDecoder.Result got, String what) {
    assertArrayEquals(plain.tokens(), got.tokens(), what + ": tokens");
    assertEquals(plain.sampleBegin(), got.sampleBegin(), what);
    assertEquals(plain.noSpeechProbability(), got.noSpeechProbability(), 0.0, what + ": no-speech (the same prompt call)");
    assertEquals(plain.tokenLogProbabilities().length, got.tokenLogProbabilities().length, what);
    for (int i = 0; i < plain.tokenLogProbabilities().length; i++) {
      assertEquals(plain.tokenLogProbabilities()[i], got.tokenLogProbabilities()[i], LOG_PROB_TOLERANCE,
          what + ": log-probability of sampled token " + i);
    }
  }

  /** A draft of {@code kind} for the decode {@code tokens} (prompt included). */
  static int[] draft(String input, String kind, int[] tokens) throws Exception {
    WhisperTokenizer tok = model.tokenizer();
    int[] right = Arrays.copyOfRange(tokens, prompt.length, tokens.length); // the end included
    int[] draft = right.clone();
    int middle = draft.length / 2;
    switch (kind) {
      case "none":
        return null;
      case "right":
        return draft;
      case "wrong first":
        draft[0]++; // the first token is a timestamp: the next one
        return draft;
      case "wrong in the middle":
        draft[middle] = draft[middle] == 1000 ? 1001 : 1000;
        return draft;
      case "longer than the result": {
        int[] longer = Arrays.copyOf(right, right.length - 1 + right.length);
        System.arraycopy(right, 0, longer, right.length - 1, right.length - 1);
        longer[longer.length - 1] = 1000;
        return longer;
      }
      case "ending early":
        draft = Arrays.copyOf(right, middle + 1);
        draft[middle] = tok.eot();
        return draft;
      case "a timestamp off by one":
        for (int i = middle; i < draft.length; i++) {
          if (draft[i] >= tok.timestampBegin()) {
            draft[i]++;
            return draft;
          }
        }
        draft[middle] = tok.timestampBegin();
        return draft;
      case "a token more in the middle": {
        int[] more = new int[right.length + 1];
        System.arraycopy(right, 0, more, 0, middle);
        more[middle] = 1000;
        System.arraycopy(right, middle, more, middle + 1, right.length - middle);
        return more;
      }
      case "a token less in the middle": {
        int[] less = new int[right.length - 1];
        System.arraycopy(right, 0, less, 0, middle);
        System.arraycopy(right, middle + 1, less, middle, right.length - middle - 1);
        return less;
      }
      case "a shorter window's decode": {
        short[] samples = WavFile.read16kMono(dir.resolve("audio/" + input + ".wav"));
        short[] shorter = Arrays.copyOf(samples, samples.length * 7 / 10);
        float[] audio = model.encode(new LogMelSpectrogram(model.config().numMelBins())
            .chunk(new AudioWindow(0, shorter).floatSamples()));
        int[] previous = greedy.decode(audio, prompt, WhisperEngine.SAMPLE_LEN).tokens();
        return Arrays.copyOfRange(previous, prompt.length, previous.length);
      }
      default:
        throw new IllegalArgumentException(kind);
    }
  }

  /** The exported step graph masks attention causally: several tokens at a call give the one-at-a-call logits. */
  @Test
  void theStepGraphTakesSeveralTokensAtACall() throws Exception {
    assertTrue(greedy.drafted().verifies());
    float[] audio = AUDIO.get("jfk");
    int[] fed = Arrays.copyOfRange(PLAIN.get("jfk").tokens(), prompt.length, prompt.length + 6);
    try (DecoderBatch many = new DecoderBatch(model, new float[][] {audio});
        DecoderBatch one = new DecoderBatch(model, new float[][] {audio})) {
      many.prompt(new int[][] {prompt});
      one.prompt(new int[][] {prompt});
      float[][] together = many.nextTokens(fed);
      assertEquals(prompt.length + fed.length, many.length());
      double worst = 0;
      for (int p = 0; p < fed.length; p++) {
        float[] alone = one.next(new int[] {fed[p]})[0];
        for (int t = 0; t < alone.length; t++) {
          worst = Math.max(worst, Math.abs(alone[t] - together[p][t]));
        }
      }
      System.out.println("6 tokens at a call vs one by one: logits differ by at most " + worst);
      assertTrue(worst < 1e-4, "worst difference " + worst);
      // cut back to 3 fed tokens, then on: the logits of a decode that never fed the other 3
      many.truncate(prompt.length + 3);
      float[] after = many.next(new int[] {1000})[0];
      try (DecoderBatch fresh = new DecoderBatch(model, new float[][] {audio})) {
        fresh.prompt(new int[][] {prompt});
        fresh.nextTokens(Arrays.copyOf(fed, 3));
        assertArrayEquals(fresh.next(new int[] {1000})[0], after, 0f, "after the cut");
      }
    }
  }

  /**
   * The one-token step graphs of slim_step.py ({@code _s}: several tokens fail its head split) and
   * fuse_step.py ({@code _sf}: several tokens run, attending to each other) have no causal mask: no
   * drafts, the plain decode.
   */
  @ParameterizedTest
  @ValueSource(strings = {"_s", "_sf"})
  void aStepGraphWithoutItsCausalMaskDecodesWithoutDrafts(String variant) throws Exception {
    SyntheticWhisper.slim("micro", "");
    SyntheticWhisper.fused("micro", "_s");
    try (WhisperModel oneToken = WhisperModel.load(dir.resolve("model"), 1, variant)) {
      GreedyDecoder decoder = new GreedyDecoder(oneToken);
      assertFalse(decoder.drafted().verifies());
      GreedyDecoder.Result plain = PLAIN.get("jfk");
      GreedyDecoder.Result got = decoder.drafted().decode(AUDIO.get("jfk"), prompt, WhisperEngine.SAMPLE_LEN,
          draft("jfk", "right", plain.tokens()));
      assertSameResult(plain, got, variant);
    }
  }

  /**
   * The live step: an engine that decoded the window's first 70 % before gives what a fresh engine
   * gives (log-probabilities within the tolerance), and the same again, bit for bit, when asked again.
   */
  @Test
  void theEngineDecodesAGrowingWindowAsAFreshEngineWould() throws Exception {
    short[] jfk = WavFile.read16kMono(dir.resolve("audio/jfk.wav"));
    WhisperEngine live = new WhisperEngine("live", model);
    WhisperEngine fresh = new WhisperEngine("fresh", model);
    TranscribeOptions options = TranscribeOptions.of("en");
    live.transcribe(new AudioWindow(5_000, Arrays.copyOf(jfk, jfk.length * 7 / 10)), options);
    Transcript drafted = live.transcribe(new AudioWindow(5_000, jfk), options);
    Transcript plain = fresh.transcribe(new AudioWindow(5_000, jfk), options);
    assertEquals(drafted, live.transcribe(new AudioWindow(5_000, jfk), options), "the same window, the same draft: "
        + "the same answer bit for bit");
    assertEquals(plain.segments().size(), drafted.segments().size());
    for (int i = 0; i < plain.segments().size(); i++) {
      Segment want = plain.segments().get(i);
      Segment got = drafted.segments().get(i);
      assertEquals(want.text(), got.text());
      assertEquals(want.startMs(), got.startMs());
      assertEquals(want.endMs(), got.endMs());
      assertEquals(want.noSpeechProbability(), got.noSpeechProbability(), 0.0);
      assertEquals(want.avgLogProbability(), got.avgLogProbability(), LOG_PROB_TOLERANCE);
    }
  }
}
