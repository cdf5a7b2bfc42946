package io.captiond.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.Fixtures;
import io.captiond.testing.WavFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batched rewrite of Silero ({@code models/silero_batched.py}: 16 kHz branch only, STFT and encoder
 * as MatMuls) scores as the shipped model does: probabilities within 1e-5 and the same speech segments on
 * the test audio, frame by frame and in batches of several streams.
 */
class SileroVadBatchedGraphTest {

  private static final double TOLERANCE = 1e-5;
  private static SileroVad shipped;
  private static SileroVad batched;
  private static short[][] audio;

  @BeforeAll
  static void load() throws Exception {
    shipped = SileroVad.load(Fixtures.sileroVad(), 1);
    batched = SileroVad.load(Fixtures.sileroVadBatched(), 1);
    short[] jfk = WavFile.read16kMono(Fixtures.jfkWav());
    short[] noise = new short[5 * 16000];
    Random random = new Random(7);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (short) (random.nextGaussian() * 3000);
    }
    short[] quiet = new short[jfk.length];
    for (int i = 0; i < jfk.length; i++) {
      quiet[i] = (short) (jfk[(i + 4000) % jfk.length] / 8);
    }
    audio = new short[][] {jfk, noise, quiet, new short[3 * 16000]};
  }

  @AfterAll
  static void close() {
    shipped.close();
    batched.close();
  }

  @Test
  void scoresEachFrameAsTheShippedModelDoes() throws Exception {
    for (int s = 0; s < audio.length; s++) {
      float[] expected = Frames.probabilities(shipped, audio[s]);
      float[] actual = Frames.probabilities(batched, audio[s]);
      assertWithinTolerance(expected, actual, "clip " + s);
      assertEquals(edges(expected), edges(actual), "clip " + s);
    }
  }

  @Test
  void scoresABatchOfStreamsAsTheShippedModelScoresEachAlone() throws Exception {
    int frames = Arrays.stream(audio).mapToInt(a -> a.length / VadSettings.FRAME_SAMPLES).max().orElseThrow();
    VadState[] states = new VadState[audio.length];
    for (int s = 0; s < audio.length; s++) {
      states[s] = batched.newState();
    }
    float[][] scored = new float[audio.length][frames];
    for (int f = 0; f < frames; f++) {
      short[][] batch = new short[audio.length][];
      for (int s = 0; s < audio.length; s++) {
        batch[s] = Frames.frame(audio[s], f % (audio[s].length / VadSettings.FRAME_SAMPLES));
      }
      float[] probabilities = batched.speechProbabilities(states, batch);
      for (int s = 0; s < audio.length; s++) {
        scored[s][f] = probabilities[s];
      }
    }
    for (int s = 0; s < audio.length; s++) {
      short[] looped = new short[frames * VadSettings.FRAME_SAMPLES];
      int clipFrames = audio[s].length / VadSettings.FRAME_SAMPLES;
      for (int f = 0; f < frames; f++) {
        System.arraycopy(Frames.frame(audio[s], f % clipFrames), 0, looped, f * VadSettings.FRAME_SAMPLES,
            VadSettings.FRAME_SAMPLES);
      }
      float[] expected = Frames.probabilities(shipped, looped);
      assertWithinTolerance(expected, scored[s], "stream " + s);
      assertEquals(edges(expected), edges(scored[s]), "stream " + s);
      states[s].close();
    }
  }

  /** Streams join and leave, so each call has another number of rows than the one before (4, 1, 3, 2, ...). */
  @Test
  void scoresBatchesThatChangeSizeFromCallToCallAsEachStreamAlone() throws Exception {
    int clipFrames = audio[0].length / VadSettings.FRAME_SAMPLES;
    int[] firstFrame = {0, 40, 90, 150};
    VadState[] states = new VadState[firstFrame.length];
    float[][] scored = new float[firstFrame.length][clipFrames];
    for (int s = 0; s < states.length; s++) {
      states[s] = batched.newState();
    }
    int[] next = new int[states.length];
    for (int call = 0; Arrays.stream(next).anyMatch(n -> n < clipFrames); call++) {
      List<Integer> rows = new ArrayList<>();
      for (int s = 0; s < states.length; s++) {
        boolean joined = call >= firstFrame[s] && next[s] < clipFrames;
        if (joined && (call + s) % (s + 1) == 0) { // stream s takes part in one call of s + 1
          rows.add(s);
        }
      }
      if (rows.isEmpty()) {
        continue;
      }
      VadState[] batchStates = rows.stream().map(s -> states[s]).toArray(VadState[]::new);
      short[][] batch = rows.stream().map(s -> Frames.frame(audio[0], next[s])).toArray(short[][]::new);
      float[] probabilities = batched.speechProbabilities(batchStates, batch);
      for (int r = 0; r < rows.size(); r++) {
        int s = rows.get(r);
        scored[s][next[s]++] = probabilities[r];
      }
    }
    float[] expected = Arrays.copyOf(Frames.probabilities(shipped, audio[0]), clipFrames);
    for (int s = 0; s < states.length; s++) {
      assertEquals(clipFrames, next[s], "stream " + s + " frames scored");
      assertWithinTolerance(expected, scored[s], "stream " + s);
      states[s].close();
    }
  }

  @Test
  void findsTheSpeechOfJfk() throws Exception {
    float[] probabilities = Frames.probabilities(batched, audio[0]);
    assertTrue(edges(probabilities).size() >= 2, "speech found in jfk.wav");
  }

  private static java.util.List<SpeechEdge> edges(float[] probabilities) {
    return Frames.edges(new SpeechDetector(VadSettings.defaults(Fixtures.sileroVad())), probabilities);
  }

  private static void assertWithinTolerance(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    double worst = 0;
    for (int f = 0; f < expected.length; f++) {
      worst = Math.max(worst, Math.abs(expected[f] - actual[f]));
      assertEquals(expected[f], actual[f], TOLERANCE, what + " frame " + f);
    }
    System.out.printf("%s: %d frames, largest difference %.2e%n", what, expected.length, worst);
  }
}
