package io.captiond.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Closing the cue being filled at a subtitle segment's end, so the segment can go when it is due. */
class CueLayoutBoundaryTest {

  private final CueLayout.Config config = CueLayout.Config.defaults();

  private static CueLayout.TimedWord word(String text, long start, long end) {
    return new CueLayout.TimedWord(text, start, end);
  }

  @Test
  void theWordsBeforeTheBoundaryCloseACueAndTheRestContinueInTheNext() {
    CueLayout layout = new CueLayout(config);
    layout.add(word("and", 300, 500));
    layout.add(word("so", 550, 800));
    layout.add(word("my", 850, 1_000));
    layout.add(word("fellow", 2_100, 2_500));

    assertEquals(List.of(new CueLayout.Cue(300, 1_300, List.of("and so my"))), layout.closeBefore(2_000));
    assertEquals(2_100, layout.pendingStartMs(), "the word after the boundary stays pending");
    assertEquals(List.of(new CueLayout.Cue(2_100, 3_100, List.of("fellow"))), layout.flush());
  }

  @Test
  void aWordThatStraddlesTheBoundaryStaysWithTheWordsBeforeIt() {
    CueLayout layout = new CueLayout(config);
    layout.add(word("americans", 1_700, 2_400));
    assertEquals(List.of(new CueLayout.Cue(1_700, 2_400, List.of("americans"))), layout.closeBefore(2_000));
    assertEquals(Long.MAX_VALUE, layout.pendingStartMs());
  }

  @Test
  void nothingBeforeTheBoundaryClosesNothing() {
    CueLayout layout = new CueLayout(config);
    assertEquals(List.of(), layout.closeBefore(2_000));
    layout.add(word("ask", 2_500, 2_800));
    assertEquals(List.of(), layout.closeBefore(2_000));
    assertEquals(2_500, layout.pendingStartMs());
  }

  @Test
  void closedCuesNeverOverlapTheNextAndKeepEveryWordInOrder() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      CueLayout layout = new CueLayout(config);
      List<CueLayout.Cue> cues = new ArrayList<>();
      List<String> spoken = new ArrayList<>();
      long t = random.nextInt(500);
      long boundary = 2_000;
      for (int i = 0; i < 60; i++) {
        long start = t + random.nextInt(400);
        long end = start + 100 + random.nextInt(600);
        String text = "w" + i;
        while (boundary <= start) { // confirmed past the boundary: the segment is due
          cues.addAll(layout.closeBefore(boundary));
          boundary += 2_000;
        }
        cues.addAll(layout.add(word(text, start, end)));
        spoken.add(text);
        t = end;
      }
      cues.addAll(layout.flush());
      List<String> laidOut = new ArrayList<>();
      for (int i = 0; i < cues.size(); i++) {
        CueLayout.Cue cue = cues.get(i);
        laidOut.addAll(List.of(cue.text().split("\\s+")));
        assertTrue(cue.lines().size() <= config.maxLines(), cue.toString());
        if (i > 0) {
          assertTrue(cues.get(i - 1).endMs() <= cue.startMs(), "overlap: " + cues.get(i - 1) + " then " + cue);
        }
      }
      assertEquals(spoken, laidOut, "round " + round);
    }
  }
}
