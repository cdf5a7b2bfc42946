package io.captiond.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CueLayoutSettleTest {

  private final CueLayout.Config config = CueLayout.Config.defaults();

  @Test
  void aCueSettledAtAPauseIsTheOneTheNextWordWouldHaveCompleted() {
    CueLayout early = new CueLayout(config);
    CueLayout late = new CueLayout(config);
    for (CueLayout layout : List.of(early, late)) {
      layout.addCaption("and so my fellow americans", 300, 2_400);
    }
    assertTrue(early.settle(3_900).isEmpty(), "not yet silence_ms after the last word");
    List<CueLayout.Cue> settled = early.settle(3_901);
    assertEquals(1, settled.size());
    assertEquals(Long.MAX_VALUE, early.pendingStartMs());
    List<CueLayout.Cue> completed = late.addCaption("ask not", 5_000, 5_600);
    assertEquals(completed, settled);
    assertEquals(List.of(), early.addCaption("ask not", 5_000, 5_600), "the next words start a cue of their own");
    assertEquals(late.flush(), early.flush());
  }

  @Test
  void aCueWhoseMinimumDurationHasNotRunOutIsNotSettled() {
    CueLayout.Config longMinimum = new CueLayout.Config(2, 42, 3_000, 7_000, 500, 1_500);
    CueLayout layout = new CueLayout(longMinimum);
    layout.addCaption("hi", 0, 200);
    assertEquals(0, layout.pendingStartMs());
    assertTrue(layout.settle(2_000).isEmpty(), "its end (3000) may still be cut by the next word's start");
    assertEquals(List.of(new CueLayout.Cue(0, 3_000, List.of("hi"))), layout.settle(3_000));
  }
}
