package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** However often a read is asked for before the tick, it runs once; asked again after it started, once more. */
class TickedReadTest {

  private final AtomicInteger reads = new AtomicInteger();
  private TickedRead ticked;

  @Test
  void manyWakeUpsBeforeATickGiveOneRead() throws Exception {
    ticked = new TickedRead(MediaPool.lane("test"), () -> {
      ticked.started();
      reads.incrementAndGet();
    });
    for (int i = 0; i < 50; i++) {
      ticked.soon();
    }
    awaitReads(1);
    ticked.soon();
    ticked.soon();
    awaitReads(2);
  }

  /** Waits (5 s at most) for {@code count} reads, then a few more ticks, and finds no more than that. */
  private void awaitReads(int count) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (reads.get() < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Thread.sleep(4 * MediaPool.TICK_MS);
    assertEquals(count, reads.get());
  }
}
