package io.captiond.loadtest;

import io.captiond.testing.WordErrorRate;
import java.util.Collection;
import java.util.List;

/** Small statistics: nearest-rank percentiles and word error rate. */
final class Metrics {

  private Metrics() {}

  /** The nearest-rank {@code p}-th percentile (0 < p <= 100) of {@code values}; -1 when there are none. */
  static long percentile(Collection<Long> values, double p) {
    if (values.isEmpty()) {
      return -1;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static double mean(Collection<? extends Number> values) {
    return values.stream().mapToDouble(Number::doubleValue).average().orElse(-1);
  }

  /** The words of a text as the word error rate counts them. */
  static List<String> words(String text) {
    return WordErrorRate.normalize(text);
  }

  /** Word error rate after normalizing both texts (the project's one implementation, from the test sources). */
  static double wordErrorRate(String reference, String hypothesis) {
    return WordErrorRate.of(reference, hypothesis);
  }
}
