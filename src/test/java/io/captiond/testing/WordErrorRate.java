package io.captiond.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Word error rate after normalizing both texts: lower case, punctuation removed, white space folded. */
public final class WordErrorRate {

  private WordErrorRate() {}

  public static List<String> normalize(String text) {
    String cleaned = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' ]+", " ")
        .replace("'", "").strip();
    return cleaned.isEmpty() ? List.of() : Arrays.asList(cleaned.split("\\s+"));
  }

  /** (substitutions + deletions + insertions) / reference words. */
  public static double of(String reference, String hypothesis) {
    List<String> ref = normalize(reference);
    List<String> hyp = normalize(hypothesis);
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
