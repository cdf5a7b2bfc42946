package io.captiond.asr.pocketsphinx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * An engine loads the decoders of the mode its streams use when it starts. Windowed: every decoder of its pool,
 * so that a worker that takes over another worker's streams does not load them just as that traffic arrives.
 * Streaming: those kept ready (a broken install fails there), and no pool decoder at all. Prints what that adds
 * to the start.
 */
class DecoderPoolPrimingTest {

  private static final int POOL_SIZE = 3;

  @Test
  void everyDecoderOfThePoolIsLoadedWhenAWindowedEngineStarts() throws Exception {
    long oneMs = startMs(windowed(1));
    long began = System.nanoTime();
    try (PocketSphinxEngine engine = new PocketSphinxEngine(windowed(POOL_SIZE))) {
      long allMs = (System.nanoTime() - began) / 1_000_000;
      assertEquals(POOL_SIZE, engine.decodersAlive(), "all decoders loaded before the first window");
      assertEquals(0, engine.feedDecodersIdle(), "none for utterances fed as they arrive");
      System.out.printf("pocketsphinx start: pool of 1 in %d ms, pool of %d in %d ms (%d ms a decoder more)%n", oneMs,
          POOL_SIZE, allMs, (allMs - oneMs) / (POOL_SIZE - 1));
    }
  }

  @Test
  void aStreamingEngineLoadsTheDecodersKeptReadyAndNoPoolDecoder() throws Exception {
    long began = System.nanoTime();
    try (PocketSphinxEngine engine = new PocketSphinxEngine(PocketSphinxSettings.defaults()
        .withLoading(PocketSphinxSettings.Mode.STREAMING, POOL_SIZE))) {
      long startMs = (System.nanoTime() - began) / 1_000_000;
      assertEquals(POOL_SIZE, engine.feedDecodersIdle(), "loaded before the engine is up");
      assertEquals(0, engine.decodersAlive(), "no pool decoder for windows in streaming mode");
      System.out.printf("pocketsphinx streaming start: %d ready in %d ms%n", POOL_SIZE, startMs);
    }
  }

  private static PocketSphinxSettings windowed(int poolSize) {
    return PocketSphinxSettings.defaults().withPoolSize(poolSize).withLoading(PocketSphinxSettings.Mode.WINDOWED, 0);
  }

  private static long startMs(PocketSphinxSettings settings) throws Exception {
    long began = System.nanoTime();
    try (PocketSphinxEngine engine = new PocketSphinxEngine(settings)) {
      return (System.nanoTime() - began) / 1_000_000;
    }
  }
}
