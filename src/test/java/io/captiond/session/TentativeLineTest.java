package io.captiond.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.Word;
import java.util.List;
import org.junit.jupiter.api.Test;

class TentativeLineTest {

  private final TentativeLine line = new TentativeLine();

  @Test
  void showsWordsFromTheFirstStartToTheLastEnd() {
    assertEquals(CaptionUpdate.tentative("hello world", 100, 900),
        line.show(List.of(new Word("hello", 100, 400, 0.9), new Word("world", 450, 900, 0.9)), 2_000).orElseThrow());
  }

  @Test
  void theSameTextAgainIsNotShownTwice() {
    line.show(List.of(new Word("hello", 100, 400, 0.9)), 2_000);
    assertTrue(line.show(List.of(new Word("hello", 120, 420, 0.9)), 3_000).isEmpty());
  }

  @Test
  void noWordsLeftClearsTheLineAtTheGivenTimeOnce() {
    line.show(List.of(new Word("hello", 100, 400, 0.9)), 2_000);
    assertEquals(CaptionUpdate.tentative("", 3_000, 3_000), line.show(List.of(), 3_000).orElseThrow());
    assertTrue(line.show(List.of(), 4_000).isEmpty());
  }
}
