package io.captiond.vad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.captiond.media.Pcm16k;
import io.captiond.onnx.OnnxEnvironment;
import io.captiond.testing.Fixtures;
import io.captiond.testing.WavFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SileroVadTest {

  private static final int SECONDS_3 = 3 * Pcm16k.SAMPLE_RATE;

  private static SileroVad vad;
  private static short[] jfk;

  @BeforeAll
  static void load() throws Exception {
    vad = SileroVad.load(Fixtures.sileroVad(), 1);
    jfk = WavFile.read16kMono(Fixtures.jfkWav());
  }

  @AfterAll
  static void close() {
    vad.close();
  }

  @Test
  void findsSpeechCoveringMostOfJfk() throws Exception {
    float[] probabilities = Frames.probabilities(vad, jfk);
    List<SpeechEdge> edges =
        Frames.edges(new SpeechDetector(VadSettings.defaults(Fixtures.sileroVad())), probabilities);

    assertTrue(edges.size() >= 2, "edges " + edges);
    assertEquals(0, edges.size() % 2, "edges " + edges);
    long speech = 0;
    for (int i = 0; i < edges.size(); i += 2) {
      assertEquals(SpeechEdge.Kind.START, edges.get(i).kind(), "edges " + edges);
      assertEquals(SpeechEdge.Kind.END, edges.get(i + 1).kind(), "edges " + edges);
      speech += edges.get(i + 1).sample() - edges.get(i).sample();
    }
    // The clip speaks from about 0.3 s to 10.5 s with short pauses.
    assertTrue(edges.get(0).millis() < 500, "first START " + edges.get(0));
    assertTrue(edges.get(edges.size() - 1).millis() > 10_000, "last END " + edges);
    assertTrue(speech > 0.75 * (10.2 * Pcm16k.SAMPLE_RATE), "speech samples " + speech);
  }

  @Test
  void scoresJfkSpeechHighAndItsLeadInLow() throws Exception {
    float[] probabilities = Frames.probabilities(vad, jfk);
    // Frames 0-8 (0-0.29 s) are before the first word; 11-60 (0.35-1.95 s) are "And so my fellow".
    for (int i = 0; i <= 8; i++) {
      assertTrue(probabilities[i] < 0.3f, "frame " + i + ": " + probabilities[i]);
    }
    float sum = 0;
    for (int i = 11; i <= 60; i++) {
      sum += probabilities[i];
    }
    assertTrue(sum / 50 > 0.8f, "mean over the first phrase " + sum / 50);
  }

  @Test
  void findsNoSpeechInDigitalSilence() throws Exception {
    float[] probabilities = Frames.probabilities(vad, new short[SECONDS_3]);
    assertEquals(List.of(), detect(probabilities));
    for (float p : probabilities) {
      assertTrue(p < 0.1f, "probability " + p);
    }
  }

  @Test
  void findsNoSpeechInWhiteNoise() throws Exception {
    Random random = new Random(42);
    short[] noise = new short[SECONDS_3];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (short) Math.round(random.nextGaussian() * 3000); // about -21 dBFS RMS
    }
    float[] probabilities = Frames.probabilities(vad, noise);
    assertEquals(List.of(), detect(probabilities));
    float max = 0;
    for (float p : probabilities) {
      max = Math.max(max, p);
    }
    assertTrue(max < 0.5f, "highest probability " + max);
  }

  @Test
  void keepsInterleavedStreamsApart() throws Exception {
    short[] other = new short[jfk.length];
    Random random = new Random(7);
    for (int i = 0; i < other.length; i++) {
      other[i] = (short) (random.nextGaussian() * 1000 + jfk[jfk.length - 1 - i] / 2);
    }
    float[] jfkAlone = Frames.probabilities(vad, jfk);
    float[] otherAlone = Frames.probabilities(vad, other);

    float[] jfkInterleaved = new float[jfkAlone.length];
    float[] otherInterleaved = new float[otherAlone.length];
    try (VadState a = vad.newState(); VadState b = vad.newState()) {
      for (int i = 0; i < jfkAlone.length; i++) {
        jfkInterleaved[i] = vad.speechProbability(a, Frames.frame(jfk, i));
        otherInterleaved[i] = vad.speechProbability(b, Frames.frame(other, i));
      }
    }
    assertArrayEquals(jfkAlone, jfkInterleaved, 1e-6f);
    assertArrayEquals(otherAlone, otherInterleaved, 1e-6f);
    assertNotEquals(jfkAlone[20], otherAlone[20]);
  }

  @Test
  void servesConcurrentStreamsFromOneModel() throws Exception {
    float[] alone = Frames.probabilities(vad, jfk);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(pool.submit(() -> Frames.probabilities(vad, jfk)));
      }
      for (Future<float[]> run : runs) {
        assertArrayEquals(alone, run.get(60, TimeUnit.SECONDS), 1e-6f);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rejectsAStateFromAnotherModel() throws Exception {
    try (SileroVad other = SileroVad.load(Fixtures.sileroVad(), 1);
        VadState foreign = other.newState()) {
      assertThrows(IllegalArgumentException.class,
          () -> vad.speechProbability(foreign, new short[VadSettings.FRAME_SAMPLES]));
    }
  }

  @Test
  void resetStateScoresLikeANewState() throws Exception {
    float[] fresh = Frames.probabilities(vad, jfk);
    try (VadState state = vad.newState()) {
      for (int i = 0; i < 50; i++) {
        vad.speechProbability(state, Frames.frame(jfk, 100 + i));
      }
      state.reset();
      for (int i = 0; i < 40; i++) {
        assertEquals(fresh[i], vad.speechProbability(state, Frames.frame(jfk, i)), 1e-6f);
      }
    }
  }

  /**
   * Silero's own wrapper, written plainly: fresh tensors each call, 64 samples of context in front,
   * state fed back from stateN. The shared model with reused tensors must score the same.
   */
  @Test
  void matchesSileroWrapperWithContextAndStateFeedback() throws Exception {
    float[] ours = Frames.probabilities(vad, jfk);
    OrtEnvironment env = OnnxEnvironment.get();
    try (OrtSession session =
            env.createSession(Fixtures.sileroVad().toString(), new OrtSession.SessionOptions());
        OnnxTensor sr = OnnxTensor.createTensor(env, (long) Pcm16k.SAMPLE_RATE)) {
      float[][][] state = new float[2][1][128];
      float[] context = new float[64];
      for (int i = 0; i < ours.length; i++) {
        short[] frame = Frames.frame(jfk, i);
        float[][] x = new float[1][64 + 512];
        System.arraycopy(context, 0, x[0], 0, 64);
        for (int j = 0; j < 512; j++) {
          x[0][64 + j] = frame[j] / 32768f;
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, x);
            OnnxTensor stateIn = OnnxTensor.createTensor(env, state);
            OrtSession.Result result =
                session.run(Map.of("input", input, "state", stateIn, "sr", sr))) {
          float probability = ((float[][]) result.get("output").get().getValue())[0][0];
          assertEquals(probability, ours[i], 1e-5f, "frame " + i);
          state = (float[][][]) result.get("stateN").get().getValue();
        }
        System.arraycopy(x[0], 512, context, 0, 64);
      }
    }
  }

  @Test
  void rejectsFramesOfTheWrongLength() {
    try (VadState state = vad.newState()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> vad.speechProbability(state, new short[480]));
      assertTrue(e.getMessage().contains("480"), e.getMessage());
    }
  }

  @Test
  void rejectsAClosedState() {
    VadState state = vad.newState();
    state.close();
    assertThrows(IllegalStateException.class, () -> vad.speechProbability(state, new short[512]));
  }

  private static List<SpeechEdge> detect(float[] probabilities) {
    return Frames.edges(
        new SpeechDetector(VadSettings.defaults(Fixtures.sileroVad())), probabilities);
  }
}
