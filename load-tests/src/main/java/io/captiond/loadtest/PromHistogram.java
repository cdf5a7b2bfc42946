package io.captiond.loadtest;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus histogram read from {@code /metrics} text: its cumulative bucket counts by upper bound
 * ({@code le}), summed over the label sets chosen. Quantiles are interpolated linearly inside a bucket, as
 * Prometheus's {@code histogram_quantile} does, so they are only as fine as the buckets.
 *
 * @param bounds upper bounds, ascending, the last one {@code +Inf}
 * @param cumulative observations at or below each bound
 */
record PromHistogram(double[] bounds, double[] cumulative) {

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)",
      Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  static final PromHistogram EMPTY = new PromHistogram(new double[0], new double[0]);

  /** The histogram {@code name} (without {@code _bucket}) over the label sets {@code labels} accepts; empty if absent. */
  static PromHistogram parse(String text, String name, Predicate<Map<String, String>> labels) {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    Matcher m = SAMPLE.matcher(text);
    while (m.find()) {
      if (!m.group(1).equals(name + "_bucket")) {
        continue;
      }
      Map<String, String> set = labels(m.group(2));
      String le = set.remove("le");
      if (le == null || !labels.test(set)) {
        continue;
      }
      double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
      buckets.merge(bound, Double.parseDouble(m.group(3)), Double::sum);
    }
    double[] bounds = buckets.keySet().stream().mapToDouble(Double::doubleValue).toArray();
    double[] counts = buckets.values().stream().mapToDouble(Double::doubleValue).toArray();
    return new PromHistogram(bounds, counts);
  }

  /** The histogram {@code name} over all its label sets. */
  static PromHistogram parse(String text, String name) {
    return parse(text, name, set -> true);
  }

  /**
   * The sample {@code name} (e.g. a histogram's {@code _count}) summed per value of {@code label}; label sets
   * without it are left out.
   */
  static Map<String, Double> byLabel(String text, String name, String label) {
    Map<String, Double> sums = new TreeMap<>();
    Matcher m = SAMPLE.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        String value = labels(m.group(2)).get(label);
        if (value != null) {
          sums.merge(value, Double.parseDouble(m.group(3)), Double::sum);
        }
      }
    }
    return sums;
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> set = new HashMap<>();
    if (text != null) {
      Matcher m = LABEL.matcher(text);
      while (m.find()) {
        set.put(m.group(1), m.group(2));
      }
    }
    return set;
  }

  /** Observations in total. */
  double count() {
    return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
  }

  /**
   * What was observed since {@code earlier} (a scrape of the same server before): bucket by bucket. A
   * histogram that did not exist then is all new.
   */
  PromHistogram minus(PromHistogram earlier) {
    if (earlier.count() == 0) {
      return this;
    }
    double[] counts = cumulative.clone();
    for (int i = 0; i < bounds.length; i++) {
      int j = Arrays.binarySearch(earlier.bounds, bounds[i]);
      if (j >= 0) {
        counts[i] = Math.max(0, counts[i] - earlier.cumulative[j]);
      }
    }
    return new PromHistogram(bounds, counts);
  }

  /**
   * The value below which {@code rank} observations lie (0 &lt; rank &lt;= count), interpolated linearly inside
   * its bucket (the first bucket starts at 0); in the {@code +Inf} bucket, the largest finite bound. NaN when empty.
   */
  double valueAtRank(double rank) {
    if (count() <= 0) {
      return Double.NaN;
    }
    double target = Math.max(0, Math.min(rank, count()));
    double lower = 0;
    double below = 0;
    for (int i = 0; i < bounds.length; i++) {
      if (cumulative[i] >= target && cumulative[i] > below) {
        if (Double.isInfinite(bounds[i])) {
          return lower;
        }
        return lower + (bounds[i] - lower) * (target - below) / (cumulative[i] - below);
      }
      if (!Double.isInfinite(bounds[i])) {
        lower = bounds[i];
      }
      below = cumulative[i];
    }
    return lower;
  }

  /** The q-quantile (0..1), bucket-interpolated; NaN when empty. */
  double quantile(double q) {
    return valueAtRank(q * count());
  }
}
