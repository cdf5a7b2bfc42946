package io.captiond.captions;

import java.util.Arrays;
import java.util.List;

/**
 * Where the cue being filled must close before cues settle: the {@link CueTrack#dueBoundariesMs} of every
 * track up to a time, in order, each once. Asked on every settle (every audio chunk of a stream), so it
 * allocates nothing while no segment waits for its cues, which is most of the time.
 */
public final class DueBoundaries {

  private static final long[] NONE = new long[0];

  private DueBoundaries() {}

  public static long[] upTo(List<? extends CueTrack> tracks, long upToMs) {
    long[] due = NONE;
    int count = 0;
    for (CueTrack track : tracks) {
      for (long boundary : track.dueBoundariesMs()) {
        if (boundary <= upToMs) {
          if (count == due.length) {
            due = Arrays.copyOf(due, Math.max(4, 2 * count));
          }
          due[count++] = boundary;
        }
      }
    }
    if (count == 0) {
      return NONE;
    }
    Arrays.sort(due, 0, count);
    int distinct = 1;
    for (int i = 1; i < count; i++) {
      if (due[i] != due[distinct - 1]) {
        due[distinct++] = due[i];
      }
    }
    return Arrays.copyOf(due, distinct);
  }
}
