package io.captiond.captions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import java.util.List;
import org.junit.jupiter.api.Test;

class DueBoundariesTest {

  /** A track whose segments ending at {@code due} wait for their cues. */
  private static CueTrack waitingAt(Long... due) {
    return new CueTrack() {
      @Override
      public void addCue(CueLayout.Cue cue) {}

      @Override
      public void settled(long streamMs) {}

      @Override
      public List<Long> dueBoundariesMs() {
        return List.of(due);
      }

      @Override
      public Future<Void> finish(Future<Void> mediaDone) {
        return Future.succeededFuture();
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void theBoundariesOfAllTracksUpToTheTimeComeInOrderEachOnce() {
    List<CueTrack> tracks = List.of(waitingAt(4_000L, 6_000L, 8_000L), waitingAt(2_000L, 4_000L, 9_000L));
    assertArrayEquals(new long[] {2_000, 4_000, 6_000, 8_000}, DueBoundaries.upTo(tracks, 8_000));
    assertArrayEquals(new long[] {2_000}, DueBoundaries.upTo(tracks, 3_999));
  }

  @Test
  void noneDueIsEmpty() {
    assertEquals(0, DueBoundaries.upTo(List.of(), 10_000).length);
    assertEquals(0, DueBoundaries.upTo(List.of(waitingAt(), waitingAt(5_000L)), 4_999).length);
  }

  @Test
  void manyBoundariesGrowTheArray() {
    Long[] due = new Long[20];
    for (int i = 0; i < due.length; i++) {
      due[i] = (long) (due.length - i) * 1_000;
    }
    long[] upTo = DueBoundaries.upTo(List.of(waitingAt(due), waitingAt(due)), Long.MAX_VALUE);
    assertEquals(20, upTo.length);
    assertEquals(1_000, upTo[0]);
    assertEquals(20_000, upTo[19]);
  }
}
