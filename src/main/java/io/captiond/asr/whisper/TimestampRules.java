package io.captiond.asr.whisper;

import java.util.Arrays;

/**
 * The logit filters of Whisper's greedy decoding ({@code whisper/decoding.py}), applied in its
 * order: {@code SuppressBlank}, {@code SuppressTokens}, {@code ApplyTimestampRules}. Pure
 * functions on one step's logits; no model, no state.
 */
public final class TimestampRules {

  private final int eot;
  private final int noTimestamps;
  private final int timestampBegin;
  private final int[] suppress;
  private final int[] beginSuppress;
  private final int maxInitialTimestampIndex;

  /**
   * @param suppress tokens never sampled
   * @param beginSuppress tokens not sampled first (Whisper: the blank {@code " "} and end of text)
   * @param maxInitialTimestampIndex the first timestamp is at most {@code <|0.02 * index|>}; negative: no limit
   */
  public TimestampRules(WhisperTokenizer tokenizer, int[] suppress, int[] beginSuppress, int maxInitialTimestampIndex) {
    this.eot = tokenizer.eot();
    this.noTimestamps = tokenizer.noTimestamps();
    this.timestampBegin = tokenizer.timestampBegin();
    this.suppress = suppress.clone();
    this.beginSuppress = beginSuppress.clone();
    this.maxInitialTimestampIndex = maxInitialTimestampIndex;
  }

  /**
   * Masks, in place, what may not come next.
   *
   * @param logits this step's logits over the vocabulary
   * @param tokens the sequence so far, prompt included
   * @param length how many of {@code tokens} are in use
   * @param sampleBegin where sampled tokens start (the prompt's length)
   * @return {@code log(sum(exp(logits)))} of the logits as masked, bit for bit what
   *     {@code LogSoftmax.logSumExp(logits)} gives after this call: the decoders' log-probabilities
   *     need it, and computing it again would be the step's costliest loop twice over
   */
  public double apply(float[] logits, int[] tokens, int length, int sampleBegin) {
    mask(logits, tokens, length, sampleBegin);
    return preferTimestamps(logits);
  }

  /**
   * The masks that depend on the sequence alone, not on the logits' values: every rule of
   * {@link #apply} but the last (timestamps against the best text token). {@link ExactLogits} needs
   * them apart, to know which tokens can still be picked before it knows their exact logits.
   */
  void mask(float[] logits, int[] tokens, int length, int sampleBegin) {
    float neg = Float.NEGATIVE_INFINITY;
    boolean first = length == sampleBegin;
    if (first) {
      for (int t : beginSuppress) {
        logits[t] = neg;
      }
    }
    for (int t : suppress) {
      logits[t] = neg;
    }
    logits[noTimestamps] = neg;

    // timestamps come in pairs, except directly before end of text
    int sampled = length - sampleBegin;
    boolean lastWasTimestamp = sampled >= 1 && tokens[length - 1] >= timestampBegin;
    boolean penultimateWasTimestamp = sampled < 2 || tokens[length - 2] >= timestampBegin;
    if (lastWasTimestamp) {
      if (penultimateWasTimestamp) {
        Arrays.fill(logits, timestampBegin, logits.length, neg); // has to be text
      } else {
        Arrays.fill(logits, 0, eot, neg); // has to be a timestamp or the end
      }
    }
    int lastTimestamp = -1;
    for (int i = length - 1; i >= sampleBegin; i--) {
      if (tokens[i] >= timestampBegin) {
        lastTimestamp = tokens[i];
        break;
      }
    }
    if (lastTimestamp >= 0) {
      // timestamps never go back, and a segment is never empty
      int upTo = lastWasTimestamp && !penultimateWasTimestamp ? lastTimestamp : lastTimestamp + 1;
      Arrays.fill(logits, timestampBegin, Math.min(upTo, logits.length), neg);
    }
    if (first) {
      Arrays.fill(logits, 0, timestampBegin, neg); // begin with a timestamp
      if (maxInitialTimestampIndex >= 0) {
        Arrays.fill(logits, Math.min(logits.length, timestampBegin + maxInitialTimestampIndex + 1), logits.length, neg);
      }
    }
  }

  /** The last rule, on masked logits; returns {@link #apply}'s log-sum-exp. */
  private double preferTimestamps(float[] logits) {
    float neg = Float.NEGATIVE_INFINITY;
    // if the timestamps together are likelier than any single text token, take a timestamp
    double logZ = LogSoftmax.logSumExp(logits);
    double timestampLogSumExp = LogSoftmax.logSumExp(logits, timestampBegin, logits.length);
    double timestampLogprob = timestampLogSumExp - logZ;
    double maxTextLogprob = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < timestampBegin; i++) {
      maxTextLogprob = Math.max(maxTextLogprob, logits[i]);
    }
    maxTextLogprob -= logZ;
    if (timestampLogprob > maxTextLogprob) {
      Arrays.fill(logits, 0, timestampBegin, neg);
      // only the timestamps are left, and exp(-inf) adds exact zeros: the same sum, in the same order
      return timestampLogSumExp;
    }
    return logZ;
  }

  /** Index of the largest value, the first one on ties (as {@code torch.argmax}). */
  public static int argmax(float[] logits) {
    return argmax(logits, 0, logits.length);
  }

  /** Index of the largest value in {@code [from, to)}, the first one on ties. */
  static int argmax(float[] logits, int from, int to) {
    int best = from;
    for (int i = from + 1; i < to; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }
}
