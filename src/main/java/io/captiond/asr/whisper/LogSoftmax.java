package io.captiond.asr.whisper;

/**
 * Log-softmax over a row of logits, computed stably (the largest logit is subtracted before
 * exponentiating): the one copy the decoders and the timestamp rules share.
 */
final class LogSoftmax {

  private LogSoftmax() {}

  /** {@code log(sum(exp(logits)))}. */
  static double logSumExp(float[] logits) {
    return logSumExp(logits, 0, logits.length);
  }

  /** {@code log(sum(exp(logits[from..to))))}; negative infinity when every one of them is. */
  static double logSumExp(float[] logits, int from, int to) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = from; i < to; i++) {
      max = Math.max(max, logits[i]);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += Math.exp(logits[i] - max);
    }
    return max + Math.log(sum);
  }

  /** The log-probability of token {@code index}. */
  static double at(float[] logits, int index) {
    return logits[index] - logSumExp(logits);
  }

  /** The probability of token {@code index}. */
  static double probabilityAt(float[] logits, int index) {
    return Math.exp(at(logits, index));
  }
}
