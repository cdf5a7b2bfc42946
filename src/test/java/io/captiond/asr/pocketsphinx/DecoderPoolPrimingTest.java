package io.captiond.asr.pocketsphinx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A worker loads every decoder of its pool at start: one that takes over another worker's streams does not load
 * them just as that traffic arrives. Prints what that adds to the start (one decoder against the whole pool).
 */
class DecoderPoolPrimingTest {

  private static final int POOL_SIZE = 3;

  @Test
  void everyDecoderOfThePoolIsLoadedWhenTheEngineStarts() throws Exception {
    long oneMs = startMs(1);
    long began = System.nanoTime();
    try (PocketSphinxEngine engine = new PocketSphinxEngine(PocketSphinxSettings.defaults().withPoolSize(POOL_SIZE))) {
      long allMs = (System.nanoTime() - began) / 1_000_000;
      assertEquals(POOL_SIZE, engine.decodersAlive(), "all decoders loaded before the first window");
      System.out.printf("pocketsphinx start: pool of 1 in %d ms, pool of %d in %d ms (%d ms a decoder more)%n", oneMs,
          POOL_SIZE, allMs, (allMs - oneMs) / (POOL_SIZE - 1));
    }
  }

  private static long startMs(int poolSize) throws Exception {
    long began = System.nanoTime();
    try (PocketSphinxEngine engine = new PocketSphinxEngine(PocketSphinxSettings.defaults().withPoolSize(poolSize))) {
      return (System.nanoTime() - began) / 1_000_000;
    }
  }
}
