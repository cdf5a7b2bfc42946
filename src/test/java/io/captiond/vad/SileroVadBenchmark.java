package io.captiond.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.captiond.media.Pcm16k;
import io.captiond.onnx.OnnxEnvironment;
import io.captiond.testing.Fixtures;
import io.captiond.testing.WavFile;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Microseconds per 512-sample frame on one thread; not run by default (the name does not end in
 * Test). Run: {@code mvn -q -B test -Dtest=SileroVadBenchmark}; results in
 * {@code target/surefire-reports/io.captiond.vad.SileroVadBenchmark-output.txt}.
 */
class SileroVadBenchmark {

  private static final int WARMUP_FRAMES = 3_000;
  private static final int MEASURED_FRAMES = 10_000;
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  @Test
  void measureMicrosecondsPerFrame() throws Exception {
    short[] jfk = WavFile.read16kMono(Fixtures.jfkWav());
    int clipFrames = jfk.length / VadSettings.FRAME_SAMPLES;
    short[][] frames = new short[clipFrames][];
    for (int i = 0; i < clipFrames; i++) {
      frames[i] = Frames.frame(jfk, i);
    }
    OrtEnvironment env = OnnxEnvironment.get();
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    options.setInterOpNumThreads(1);
    try (SileroVad vad = SileroVad.load(Fixtures.sileroVad(), 1); VadState state = vad.newState();
        OrtSession plain = env.createSession(Fixtures.sileroVad().toString(), options)) {
      runShared(vad, state, frames, WARMUP_FRAMES);
      runFreshTensors(env, plain, frames, WARMUP_FRAMES);
      for (int round = 0; round < 3; round++) {
        long start = System.nanoTime();
        long cpuStart = CPU.getCurrentThreadCpuTime();
        runShared(vad, state, frames, MEASURED_FRAMES);
        report("SileroVad (reused tensors)", start, cpuStart);

        start = System.nanoTime();
        cpuStart = CPU.getCurrentThreadCpuTime();
        runFreshTensors(env, plain, frames, MEASURED_FRAMES);
        report("fresh tensors per call (baseline)", start, cpuStart);
      }
    }
  }

  private static void runShared(SileroVad vad, VadState state, short[][] frames, int count)
      throws VadException {
    for (int i = 0; i < count; i++) {
      vad.speechProbability(state, frames[i % frames.length]);
    }
  }

  /** The plain way: new input and state tensors each frame, state copied out of the result. */
  private static void runFreshTensors(
      OrtEnvironment env, OrtSession session, short[][] frames, int count) throws Exception {
    try (OnnxTensor sr = OnnxTensor.createTensor(env, (long) Pcm16k.SAMPLE_RATE)) {
      float[] state = new float[256];
      float[] x = new float[576];
      for (int i = 0; i < count; i++) {
        short[] frame = frames[i % frames.length];
        System.arraycopy(x, 512, x, 0, 64);
        for (int j = 0; j < 512; j++) {
          x[64 + j] = frame[j] / 32768f;
        }
        try (OnnxTensor input =
                OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, 576});
            OnnxTensor stateIn =
                OnnxTensor.createTensor(env, FloatBuffer.wrap(state), new long[] {2, 1, 128});
            OrtSession.Result result =
                session.run(Map.of("input", input, "state", stateIn, "sr", sr))) {
          ((OnnxTensor) result.get("stateN").get()).getFloatBuffer().get(state);
        }
      }
    }
  }

  /**
   * Wall time, and this thread's CPU time: with one intra-op thread ONNX Runtime computes on the
   * calling thread, so CPU time stays meaningful when other processes share the cores.
   */
  private static void report(String what, long startNanos, long cpuStartNanos) {
    double wall = (System.nanoTime() - startNanos) / 1_000.0 / MEASURED_FRAMES;
    double cpu = (CPU.getCurrentThreadCpuTime() - cpuStartNanos) / 1_000.0 / MEASURED_FRAMES;
    System.out.printf("%-34s wall %6.1f us/frame, cpu %6.1f us/frame (%.0fx real time)%n", what,
        wall, cpu, 32_000.0 / wall);
  }
}
