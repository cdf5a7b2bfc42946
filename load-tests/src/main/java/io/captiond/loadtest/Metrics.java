package io.captiond.loadtest;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

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

  /** Lower case, punctuation dropped, apostrophes joined, split on white space. */
  static List<String> words(String text) {
    String cleaned = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' ]+", " ").replace("'", "").strip();
    return cleaned.isEmpty() ? List.of() : Arrays.asList(cleaned.split("\\s+"));
  }

  /** (substitutions + deletions + insertions) / reference words: Levenshtein distance over normalized words. */
  static double wordErrorRate(String reference, String hypothesis) {
    List<String> ref = words(reference);
    List<String> hyp = words(hypothesis);
    if (ref.isEmpty()) {
      return hyp.isEmpty() ? 0 : 1;
    }
    int[] prev = new int[hyp.size() + 1];
    int[] cur = new int[hyp.size() + 1];
    for (int j = 0; j <= hyp.size(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= ref.size(); i++) {
      cur[0] = i;
      for (int j = 1; j <= hyp.size(); j++) {
        int substitution = prev[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
        cur[j] = Math.min(substitution, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[hyp.size()] / (double) ref.size();
  }
}
