package io.captiond.captions.cea608;

import java.util.List;

/**
 * The pairs that put one cue on screen (or take one off), in sending order, and the index of the
 * pair from which a viewer sees the cue: the first EOC of a pop-on cue, the last character of a
 * roll-up line, the first EDM of an erase.
 *
 * @param rows the cue's text rows as shown (Unicode; what a 708 service carries)
 */
public record Cea608Burst(List<Cea608Pair> pairs, int shownAt, List<String> rows) {

  public static final Cea608Burst EMPTY = new Cea608Burst(List.of(), -1, List.of());

  public Cea608Burst {
    pairs = List.copyOf(pairs);
    rows = List.copyOf(rows);
    if (pairs.isEmpty() ? shownAt != -1 : shownAt < 0 || shownAt >= pairs.size()) {
      throw new IllegalArgumentException("shownAt " + shownAt + " outside " + pairs.size() + " pairs");
    }
  }

  public boolean isEmpty() {
    return pairs.isEmpty();
  }
}
