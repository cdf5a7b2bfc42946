package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  @Test
  void theTicksFallOnMultiplesOfTheTickOfTheMonotonicClock() {
    long period = TimeUnit.MILLISECONDS.toNanos(MediaPool.TICK_MS);
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < 10_000; i++) {
      long now = i < 3 ? new long[] {0, 1, -1}[i] : random.nextLong();
      long delay = MediaPool.toNextMultiple(now, period);
      assertTrue(delay > 0 && delay <= period, "delay " + delay + " at " + now);
      assertEquals(0, Math.floorMod(now + delay, period), "a multiple, from " + now);
    }
  }
}
