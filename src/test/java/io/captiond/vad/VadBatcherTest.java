package io.captiond.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.Fixtures;
import io.captiond.testing.WavFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batched VAD (one ONNX Runtime call per tick for every stream) scores each stream as scoring it
 * alone does: probabilities within 1e-5, the same speech segments.
 */
class VadBatcherTest {

  private static SileroVad alone;
  private static short[] jfk;

  @BeforeAll
  static void load() throws Exception {
    alone = SileroVad.load(Fixtures.sileroVad(), 1);
    jfk = WavFile.read16kMono(Fixtures.jfkWav());
  }

  @AfterAll
  static void close() {
    alone.close();
  }

  /** Three streams of different audio, handed in as chunks of different sizes at once, as live streams are. */
  @Test
  void batchedStreamsGetTheProbabilitiesAndSegmentsTheyGetAlone() throws Exception {
    short[][] audio = {jfk, shifted(jfk, 300), concat(new short[2 * 16000], Arrays.copyOf(jfk, 5 * 16000))};
    int[] framesPerChunk = {4, 4, 2};
    try (SileroVad shared = SileroVad.load(Fixtures.sileroVad(), 1)) {
      shared.startBatching(new VadBatching(VadBatching.DEFAULT_TICK_MS, 256));
      VadBatcher batcher = shared.batcher().orElseThrow();
      List<CompletableFuture<float[]>> streams = new ArrayList<>();
      List<VadState> states = new ArrayList<>();
      for (int s = 0; s < audio.length; s++) {
        VadState state = shared.newState();
        states.add(state);
        streams.add(stream(batcher, state, audio[s], framesPerChunk[s]));
      }
      for (int s = 0; s < audio.length; s++) {
        float[] batched = streams.get(s).get(60, TimeUnit.SECONDS);
        float[] single = Frames.probabilities(alone, audio[s]);
        assertEquals(single.length, batched.length);
        for (int f = 0; f < single.length; f++) {
          assertEquals(single[f], batched[f], 1e-5, "stream " + s + " frame " + f);
        }
        SpeechDetector detector = new SpeechDetector(VadSettings.defaults(Fixtures.sileroVad()));
        assertEquals(Frames.edges(detector, single),
            Frames.edges(new SpeechDetector(VadSettings.defaults(Fixtures.sileroVad())), batched), "stream " + s);
      }
      int frames = Arrays.stream(audio).mapToInt(VadBatcherTest::frameCount).sum();
      assertEquals(frames, batcher.framesScored());
      assertTrue(batcher.calls() < frames * 0.6, batcher.calls() + " calls for " + frames + " frames");
      states.forEach(VadState::close);
    }
  }

  @Test
  void chunksWaitingWhenTheVadClosesFailWithAClearError() throws Exception {
    SileroVad shared = SileroVad.load(Fixtures.sileroVad(), 1);
    shared.startBatching(new VadBatching(1000, 8));
    VadBatcher batcher = shared.batcher().orElseThrow();
    VadState state = shared.newState();
    batcher.score(state, List.of(Frames.frame(jfk, 0))).get(10, TimeUnit.SECONDS); // the first tick is now
    CompletableFuture<float[]> waiting = batcher.score(state, List.of(Frames.frame(jfk, 1)));
    shared.close();
    ExecutionException failed = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
    assertTrue(failed.getCause() instanceof VadException, failed.toString());
    assertTrue(failed.getCause().getMessage().contains("closed"), failed.getCause().getMessage());
  }

  @Test
  void zeroTickMeansNoBatcher() throws Exception {
    try (SileroVad vad = SileroVad.load(Fixtures.sileroVad(), 1)) {
      vad.startBatching(VadBatching.OFF);
      assertTrue(vad.batcher().isEmpty());
    }
  }

  /** Feeds one stream chunk by chunk, each after the last completed; all its probabilities in order. */
  private static CompletableFuture<float[]> stream(VadBatcher batcher, VadState state, short[] samples, int perChunk) {
    int frames = frameCount(samples);
    float[] out = new float[frames];
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (int first = 0; first < frames; first += perChunk) {
      int from = first;
      int to = Math.min(frames, first + perChunk);
      chain = chain.thenCompose(v -> {
        List<short[]> chunk = new ArrayList<>();
        for (int f = from; f < to; f++) {
          chunk.add(Frames.frame(samples, f));
        }
        return batcher.score(state, chunk).thenAccept(p -> System.arraycopy(p, 0, out, from, p.length));
      });
    }
    return chain.thenApply(v -> out);
  }

  /** Whole frames and a zero-padded last one, as {@link Frames#probabilities} counts them. */
  private static int frameCount(short[] samples) {
    return (samples.length + VadSettings.FRAME_SAMPLES - 1) / VadSettings.FRAME_SAMPLES;
  }

  private static short[] shifted(short[] samples, int by) {
    return concat(new short[by], samples);
  }

  private static short[] concat(short[] a, short[] b) {
    short[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
