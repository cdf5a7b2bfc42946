package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Work handed to the next tick runs, all of it, about a tick later. */
class MediaPoolTest {

  @Test
  void everyTaskHandedToTheNextTickRunsWithinAboutATick() throws Exception {
    CountDownLatch ran = new CountDownLatch(100);
    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      MediaPool.atNextTick(ran::countDown);
    }
    assertTrue(ran.await(10 * MediaPool.TICK_MS, TimeUnit.MILLISECONDS), ran.getCount() + " tasks did not run");
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMs <= 10 * MediaPool.TICK_MS, "took " + tookMs + " ms");
  }
}
