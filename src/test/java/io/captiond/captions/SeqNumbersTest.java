package io.captiond.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sequence numbers only grow, across restarts and crashes, whatever kind of event last used one. */
class SeqNumbersTest {

  @TempDir
  Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aNewStreamNumbersFromOne() throws Exception {
    SeqNumbers numbers = new SeqNumbers(vertx, dir.resolve("seq.mark"));
    numbers.open(0);
    assertEquals(1, numbers.next());
    assertEquals(2, numbers.next());
  }

  @Test
  void aStreamOpenedAgainGoesOnAboveEveryNumberGivenOutBeforeEvenThoseNeverStored() throws Exception {
    Path mark = dir.resolve("seq.mark");
    SeqNumbers before = new SeqNumbers(vertx, mark);
    before.open(0);
    long last = 0;
    for (int i = 0; i < 3 * SeqNumbers.BLOCK; i++) {
      last = before.next(); // partials and cues: never stored
      if (i % 1_000 == 0) {
        Thread.sleep(20); // a live stream's pace, far below a block per write
      }
    }
    Thread.sleep(200); // the mark moves on a worker
    SeqNumbers after = new SeqNumbers(vertx, mark);
    after.open(2); // the log holds only the finals numbered 1 and 2
    long next = after.next();
    assertTrue(next > last, next + " after a restart, " + last + " given out before");
  }

  @Test
  void anUnreadableMarkFallsBackOnTheStoredCaptions() throws Exception {
    Path mark = dir.resolve("seq.mark");
    Files.writeString(mark, "torn");
    SeqNumbers numbers = new SeqNumbers(vertx, mark);
    numbers.open(41);
    assertEquals(42, numbers.next());
  }
}
