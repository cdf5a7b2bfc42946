package io.captiond.vad;

import io.captiond.testing.Fixtures;
import io.captiond.testing.WavFile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

/**
 * CPU microseconds per frame of a batched VAD call ({@link SileroVad#speechProbabilities}) at the
 * batch sizes a node sees, on one thread; not run by default (the name does not end in Test). Run:
 * {@code mvn -o -q -B test -Dtest=VadBatchBenchmark}; results in
 * {@code target/surefire-reports/io.captiond.vad.VadBatchBenchmark-output.txt}. {@code -Dmodel=FILE} runs
 * another Silero file.
 */
class VadBatchBenchmark {

  private static final int[] BATCHES = {1, 4, 32, 100};
  private static final int MEASURED_FRAMES = 6_000;
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  @Test
  void measureMicrosecondsPerFrameByBatchSize() throws Exception {
    short[] jfk = WavFile.read16kMono(Fixtures.jfkWav());
    int clipFrames = jfk.length / VadSettings.FRAME_SAMPLES;
    java.nio.file.Path model = System.getProperty("model") == null ? Fixtures.sileroVad()
        : java.nio.file.Path.of(System.getProperty("model"));
    System.out.println("model " + model);
    try (SileroVad vad = SileroVad.load(model, 1)) {
      for (int round = 0; round < 3; round++) {
        for (int rows : BATCHES) {
          VadState[] states = new VadState[rows];
          short[][][] frames = new short[clipFrames][rows][];
          for (int r = 0; r < rows; r++) {
            states[r] = vad.newState();
          }
          for (int i = 0; i < clipFrames; i++) {
            for (int r = 0; r < rows; r++) { // each row at another point of the clip
              frames[i][r] = Frames.frame(jfk, (i + r * 7) % clipFrames);
            }
          }
          int calls = Math.max(1, MEASURED_FRAMES / rows);
          for (int i = 0; i < calls / 3; i++) { // warm-up
            vad.speechProbabilities(states, frames[i % clipFrames]);
          }
          long cpu0 = CPU.getCurrentThreadCpuTime();
          for (int i = 0; i < calls; i++) {
            vad.speechProbabilities(states, frames[i % clipFrames]);
          }
          double perFrame = (CPU.getCurrentThreadCpuTime() - cpu0) / 1_000.0 / (calls * rows);
          System.out.printf("round %d batch %3d: cpu %6.1f us/frame, %7.1f us/call%n", round, rows, perFrame,
              perFrame * rows);
          for (VadState state : states) {
            state.close();
          }
        }
      }
    }
  }
}
