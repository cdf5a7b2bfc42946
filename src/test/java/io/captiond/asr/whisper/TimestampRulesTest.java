package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.Fixtures;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of decoding.py's ApplyTimestampRules, SuppressBlank and SuppressTokens, one by one. */
class TimestampRulesTest {

  static WhisperTokenizer tok;
  static TimestampRules rules;
  static int ts;
  static int[] prompt;

  @BeforeAll
  static void load() throws Exception {
    tok = WhisperTokenizer.fromRankFile(Fixtures.file("whisper/multilingual.tiktoken"), 51865);
    rules = new TimestampRules(tok, new int[] {tok.sot(), 1}, new int[] {220, tok.eot()}, 50);
    ts = tok.timestampBegin();
    prompt = tok.sotSequence("en", false);
  }

  static float[] flat() {
    return new float[tok.vocabSize()];
  }

  static int[] seq(int... sampled) {
    int[] all = Arrays.copyOf(prompt, prompt.length + sampled.length);
    System.arraycopy(sampled, 0, all, prompt.length, sampled.length);
    return all;
  }

  static float[] apply(float[] logits, int... sampled) {
    int[] tokens = seq(sampled);
    rules.apply(logits, tokens, tokens.length, prompt.length);
    return logits;
  }

  /** The decoders take their log-probabilities from the returned normalizer instead of a second pass. */
  @Test
  void returnsTheLogNormalizerOfTheMaskedLogitsBitForBit() {
    java.util.Random random = new java.util.Random(5);
    int[][] histories = {{}, {ts + 10}, {ts + 10, 100}, {ts + 10, 100, ts + 20}, {ts + 10, 100, ts + 20, ts + 20}};
    int timestampWins = 0;
    for (int trial = 0; trial < 200; trial++) {
      float[] logits = new float[tok.vocabSize()];
      float timestampBoost = (float) (random.nextGaussian() * 4);
      for (int i = 0; i < logits.length; i++) {
        logits[i] = (float) (random.nextGaussian() * 3) + (i >= ts ? timestampBoost : 0);
      }
      int[] tokens = seq(histories[trial % histories.length]);
      double returned = rules.apply(logits, tokens, tokens.length, prompt.length);
      assertEquals(LogSoftmax.logSumExp(logits), returned, 0.0, "trial " + trial);
      timestampWins += logits[0] == Float.NEGATIVE_INFINITY && trial % histories.length != 0 ? 1 : 0;
    }
    assertTrue(timestampWins > 10, "the timestamps-likelier branch ran " + timestampWins + " times");
  }

  @Test
  void beginsWithATimestampNoLaterThanOneSecond() {
    float[] logits = apply(flat());
    for (int i = 0; i < logits.length; i++) {
      boolean allowed = i >= ts && i <= ts + 50;
      assertEquals(allowed, logits[i] != Float.NEGATIVE_INFINITY, "token " + i);
    }
  }

  @Test
  void textMustFollowTheOpeningTimestamp() {
    float[] logits = flat();
    logits[100] = 5;
    apply(logits, ts + 10);
    assertTrue(Arrays.stream(range(logits, ts, logits.length)).allMatch(v -> v == Float.NEGATIVE_INFINITY));
    assertEquals(100, TimestampRules.argmax(logits));
  }

  @Test
  void aTimestampAfterTextMustBeFollowedByATimestampOrTheEnd() {
    float[] logits = flat();
    logits[100] = 50;
    apply(logits, ts + 10, 100, ts + 20);
    assertTrue(Arrays.stream(range(logits, 0, tok.eot())).allMatch(v -> v == Float.NEGATIVE_INFINITY));
    // the closing timestamp may repeat as the next opening one, but not go back
    assertEquals(Float.NEGATIVE_INFINITY, logits[ts + 19]);
    assertTrue(logits[ts + 20] != Float.NEGATIVE_INFINITY);
  }

  @Test
  void timestampsNeverGoBackAndSegmentsAreNeverEmpty() {
    float[] logits = flat();
    apply(logits, ts + 10, 100);
    assertEquals(Float.NEGATIVE_INFINITY, logits[ts + 10]);
    assertTrue(logits[ts + 11] != Float.NEGATIVE_INFINITY);
  }

  @Test
  void takesATimestampWhenTimestampsTogetherOutweighTheBestText() {
    float[] logits = flat();
    Arrays.fill(logits, 0, ts, -10f);
    logits[100] = 2f; // one text token beats each timestamp (0) but not all 1501 together
    apply(logits, ts + 10, 100);
    assertTrue(TimestampRules.argmax(logits) > ts);
  }

  @Test
  void suppressesConfiguredTokensAndNoTimestamps() {
    float[] logits = flat();
    logits[2] = 20f; // text likelier than all timestamps together, so text stays allowed
    apply(logits, ts, 100);
    assertEquals(Float.NEGATIVE_INFINITY, logits[tok.sot()]);
    assertEquals(Float.NEGATIVE_INFINITY, logits[1]);
    assertEquals(Float.NEGATIVE_INFINITY, logits[tok.noTimestamps()]);
    assertEquals(20f, logits[2]);
  }

  static double[] range(float[] values, int from, int to) {
    double[] out = new double[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = values[i];
    }
    return out;
  }
}
