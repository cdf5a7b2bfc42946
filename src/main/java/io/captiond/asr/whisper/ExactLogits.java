package io.captiond.asr.whisper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.captiond.asr.AsrException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whisper's rules on a step whose logits come from an 8-bit output projection (the {@code _q8x}
 * variant of {@code models/synthetic/quantize_exact.py}), made to pick float32's token: the decoder
 * gives each approximate logit {@code a_t} a bound {@code b_t >= |f_t - a_t|} ({@code f_t} the
 * float32 logit) and the projection's input {@code x}; the few logits that can decide the step are
 * then computed in float32 ({@code decoder_logit_rows*.onnx}: {@code x . W_t}).
 *
 * <p>Which ones. The rules' last filter compares the timestamps' log-sum-exp with the best text
 * logit, and the pick is an argmax: so every timestamp the sequence allows is made exact, and every
 * allowed text token whose upper bound {@code a_t + b_t} reaches the best lower bound
 * {@code max(a - b)}. Then the best text logit is exact and every other text token is provably below
 * it, so the comparison, the argmax and the token are float32's. A check after the refinement
 * ({@link #verify}) makes exact any token that could still beat the best; with a valid bound it never
 * finds one ({@link Stats#reruns()} counts the times it did).
 *
 * <p>What is not exact: the log-sum-exp behind log-probabilities (average log-probability, the
 * fallback's threshold) takes the approximate logits of the tokens left, all far below the best, so it
 * moves by far less than their bounds (tests hold it within 1e-3 of float32's); the no-speech
 * probability is the approximate one. "float32's" means float32 arithmetic, up to the summation order
 * of the dot products (~1e-6 relative), which a tie that close could flip. Thread-safe.
 */
final class ExactLogits {

  /** The decoder's extra outputs. */
  static final String BOUNDS = "logit_bounds";
  static final String HIDDEN = "projection_input";
  /** The float32 rows model's file, before the variant suffix, and its tensors. */
  static final String ROWS_FILE = "decoder_logit_rows.onnx";
  static final String ROWS_HIDDEN = "hidden";
  static final String ROWS_IDS = "token_ids";

  /** How many exact rows the steps needed, and how often {@link #verify} had to add some. */
  record Stats(long steps, long exactRows, long maxRows, long reruns) {

    double meanRows() {
      return steps == 0 ? 0 : (double) exactRows / steps;
    }
  }

  private final WhisperModel model;
  private final TimestampRules rules;
  private final int timestampBegin;
  private final AtomicLong steps = new AtomicLong();
  private final AtomicLong exactRows = new AtomicLong();
  private final AtomicLong maxRows = new AtomicLong();
  private final AtomicLong reruns = new AtomicLong();

  ExactLogits(WhisperModel model, TimestampRules rules) {
    this.model = model;
    this.rules = rules;
    this.timestampBegin = model.tokenizer().timestampBegin();
  }

  /**
   * {@link TimestampRules#apply} on {@code logits} after the deciding ones are made exact: on return
   * they hold float32's value at every token that could be picked, masked as the rules leave them.
   *
   * @param bounds this step's {@code b_t}
   * @param hidden this step's projection input {@code x}
   * @return the log-sum-exp of the masked logits (exact ones and approximate ones)
   */
  double apply(float[] logits, float[] bounds, float[] hidden, int[] tokens, int length, int sampleBegin)
      throws AsrException {
    rules.mask(logits, tokens, length, sampleBegin);
    refineBest(logits, bounds, hidden, timestampBegin); // its best is not the rules' pick: they weigh timestamps
    return rules.apply(logits, tokens, length, sampleBegin);
  }

  /**
   * The plain argmax of the logits, no rules (the bench's fixed-work steps): float32's, with the
   * logits that can decide it made exact in place.
   */
  int argmax(float[] logits, float[] bounds, float[] hidden) throws AsrException {
    int best = refineBest(logits, bounds, hidden, logits.length);
    return best >= 0 ? best : TimestampRules.argmax(logits);
  }

  /** Makes {@code logits[from, to)} float32's (e.g. the language tokens, whose argmax detects the language). */
  void makeExact(float[] logits, float[] hidden, int from, int to) throws AsrException {
    int[] ids = java.util.stream.IntStream.range(from, to).toArray();
    refine(logits, hidden, ids, ids.length);
  }

  /**
   * Makes exact every unmasked logit from {@code textEnd} on (the timestamps, whose log-sum-exp the
   * rules weigh) and every unmasked one before it that may be the best of {@code [0, textEnd)}.
   *
   * @return the best of {@code [0, textEnd)} (the first on ties) where one pass proved every other
   *     one below it, which is the usual case; else -1, and {@link #verify} made the rest exact
   */
  private int refineBest(float[] logits, float[] bounds, float[] hidden, int textEnd) throws AsrException {
    // a text token that may be the best one: upper bound >= the best lower bound (the floor). One
    // pass: what reaches the floor so far is kept, then filtered by the final floor (it only rises).
    // What is left approximate has its upper bound kept in reach, for the check after the refinement
    float floor = Float.NEGATIVE_INFINITY;
    float reach = Float.NEGATIVE_INFINITY;
    int[] ids = new int[64];
    int count = 0;
    for (int t = 0; t < textEnd; t++) {
      float value = logits[t];
      float bound = bounds[t];
      float lower = value - bound; // masked: -inf
      float upper = value + bound;
      floor = lower > floor ? lower : floor;
      if (upper >= floor) {
        ids = count == ids.length ? Arrays.copyOf(ids, 2 * count) : ids;
        ids[count++] = t;
      } else {
        reach = upper > reach ? upper : reach;
      }
    }
    int kept = 0;
    for (int i = 0; i < count; i++) {
      float upper = logits[ids[i]] + bounds[ids[i]];
      if (floor != Float.NEGATIVE_INFINITY && upper >= floor) { // all text masked: none
        ids[kept++] = ids[i];
      } else {
        reach = upper > reach ? upper : reach;
      }
    }
    int text = kept;
    count = kept;
    for (int t = textEnd; t < logits.length; t++) { // a timestamp the rules allow
      if (logits[t] != Float.NEGATIVE_INFINITY) {
        ids = count == ids.length ? Arrays.copyOf(ids, 2 * count) : ids;
        ids[count++] = t;
      }
    }
    int made = refine(logits, hidden, ids, count);
    int best = -1; // the best exact text logit, the first on ties (ids ascend)
    for (int i = 0; i < text; i++) {
      best = best < 0 || logits[ids[i]] > logits[best] ? ids[i] : best;
    }
    if (reach != Float.NEGATIVE_INFINITY && (best < 0 || !(reach < logits[best]))) {
      // some approximate text token may reach the best: the full check, and its rows (with a valid bound, never)
      best = -1;
      boolean[] exact = new boolean[logits.length];
      for (int i = 0; i < count; i++) {
        exact[ids[i]] = true;
      }
      for (int[] missing = verify(logits, bounds, exact, textEnd); missing.length > 0;
          missing = verify(logits, bounds, exact, textEnd)) {
        reruns.incrementAndGet();
        made += refine(logits, hidden, missing, missing.length);
        for (int t : missing) {
          exact[t] = true;
        }
      }
    }
    steps.incrementAndGet();
    exactRows.addAndGet(made);
    maxRows.accumulateAndGet(made, Math::max);
    return best;
  }

  /**
   * The allowed text tokens not yet exact that could still reach the best text logit (the best one
   * too, if it is not exact): empty when the step's pick is float32's. Timestamps are all exact.
   */
  private int[] verify(float[] logits, float[] bounds, boolean[] exact, int textEnd) {
    int[] missing = new int[0];
    // the usual case in one pass: the best exact text logit above every other token's upper bound
    float bestExact = Float.NEGATIVE_INFINITY;
    float reach = Float.NEGATIVE_INFINITY;
    for (int t = 0; t < textEnd; t++) {
      if (exact[t]) {
        bestExact = logits[t] > bestExact ? logits[t] : bestExact;
      } else {
        float upper = logits[t] + bounds[t]; // masked: -inf
        reach = upper > reach ? upper : reach;
      }
    }
    if (reach == Float.NEGATIVE_INFINITY || reach < bestExact) {
      return missing; // nothing left can reach the best, itself exact (or all text is masked)
    }
    float best = logits[TimestampRules.argmax(logits, 0, textEnd)];
    int count = 0;
    for (int t = 0; t < textEnd; t++) {
      // masked tokens are -inf, and -inf + b never reaches a finite best
      if (logits[t] + bounds[t] >= best && !exact[t]) {
        missing = count == missing.length ? Arrays.copyOf(missing, Math.max(8, 2 * count)) : missing;
        missing[count++] = t;
      }
    }
    return Arrays.copyOf(missing, count);
  }

  /** Writes float32's logits of {@code ids[0..count)} into {@code logits}; how many it wrote. */
  private int refine(float[] logits, float[] hidden, int[] ids, int count) throws AsrException {
    if (count == 0) {
      return 0;
    }
    long[] wanted = new long[count];
    for (int i = 0; i < count; i++) {
      wanted[i] = ids[i];
    }
    try (OnnxTensor x = OnnxTensor.createTensor(model.env(), FloatBuffer.wrap(hidden), new long[] {1, hidden.length});
        OnnxTensor rows = OnnxTensor.createTensor(model.env(), LongBuffer.wrap(wanted), new long[] {count});
        OrtSession.Result result = model.logitRows().run(Map.of(ROWS_HIDDEN, x, ROWS_IDS, rows))) {
      FloatBuffer values = ((OnnxTensor) result.get(0)).getFloatBuffer();
      for (int i = 0; i < count; i++) {
        logits[ids[i]] = values.get(i);
      }
      return count;
    } catch (OrtException e) {
      throw new AsrException(ROWS_FILE + " failed on " + count + " rows: " + e.getMessage(), e);
    }
  }

  Stats stats() {
    return new Stats(steps.get(), exactRows.get(), maxRows.get(), reruns.get());
  }
}
