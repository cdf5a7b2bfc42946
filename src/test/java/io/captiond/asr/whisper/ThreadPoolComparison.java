package io.captiond.asr.whisper;

import io.captiond.asr.AudioWindow;
import io.captiond.onnx.OnnxEnvironment;
import io.captiond.testing.WavFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Whisper's sessions on the process's shared intra-op pool ({@link OnnxEnvironment}, the default)
 * against a pool per session (before 2026-12-02), both {@code THREADS} threads, the same model loaded
 * twice, their rounds interleaved: the live step of {@link WhisperBench} (log-mel, encoder, the 36-token
 * prompt and 3 W argmax steps on a W s window) alone, two of them at once on two threads (a node's
 * {@code asr.concurrency} 2), and the decoder per token (200 steps). Prints medians and the ratio.
 *
 * <pre>java -cp ... io.captiond.asr.whisper.ThreadPoolComparison MODEL_DIR WAV THREADS ROUNDS VARIANT [W]</pre>
 */
public final class ThreadPoolComparison {

  private static final int TOKEN_STEPS = 200;

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    float[] clip = new AudioWindow(0, WavFile.read16kMono(Path.of(args[1]))).floatSamples();
    int threads = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    String variant = args[4].equals("-") ? "" : args[4];
    int seconds = args.length > 5 ? Integer.parseInt(args[5]) : 10;
    if (!OnnxEnvironment.sharesPool(threads)) {
      throw new IllegalArgumentException(threads + " threads do not take the shared pool of "
          + OnnxEnvironment.sharedThreads() + ": ask for 0 or " + OnnxEnvironment.sharedThreads());
    }
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    Map<String, WhisperModel> models = new LinkedHashMap<>();
    models.put("pool per session", ModelFolder.load(dir, threads, variant, WhisperSettings.Device.CPU,
        ModelFolder.Pool.OWN));
    models.put("shared pool", ModelFolder.load(dir, threads, variant, WhisperSettings.Device.CPU,
        ModelFolder.Pool.SHARED_WHERE_ALLOWED));
    LogMelSpectrogram mel = new LogMelSpectrogram(models.values().iterator().next().config().numMelBins());
    float[] window = WhisperBench.repeated(clip, seconds * 16000);
    Map<String, List<double[]>> figures = new LinkedHashMap<>();
    ExecutorService two = Executors.newFixedThreadPool(2);
    try {
      for (int round = -1; round < rounds; round++) { // round -1 warms up
        for (Map.Entry<String, WhisperModel> entry : models.entrySet()) {
          WhisperModel model = entry.getValue();
          Thread.sleep(50); // the other model's workers stop spinning
          Callable<Double> step = () -> WhisperBench.liveStep(model, mel, window, seconds);
          double alone = step.call();
          long began = System.nanoTime();
          List<Future<Double>> pair = two.invokeAll(List.of(step, step));
          for (Future<Double> f : pair) {
            f.get();
          }
          double twoAtOnce = (System.nanoTime() - began) / 1e6 / 2;
          float[] encoded = model.encode(mel.chunk(window));
          double token = WhisperBench.decode(model, new float[][] {encoded}, WhisperBench.livePrompt(model.tokenizer()),
              TOKEN_STEPS) / TOKEN_STEPS;
          if (round >= 0) {
            figures.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(new double[] {alone, twoAtOnce, token});
          }
        }
      }
    } finally {
      two.shutdown();
      for (WhisperModel model : models.values()) {
        model.close();
      }
    }
    System.out.printf(Locale.ROOT, "%s%s, %d threads, %d rounds, live step of a %d s window; load before %s, after %s%n",
        dir, variant.isEmpty() ? "" : " " + variant, threads, rounds, seconds, loadBefore,
        Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.println("| pools | live step ms, alone | two at once, ms a step | decoder ms / token |");
    System.out.println("| --- | ---: | ---: | ---: |");
    double[] base = null;
    for (Map.Entry<String, List<double[]>> entry : figures.entrySet()) {
      double[] m = new double[3];
      for (int i = 0; i < 3; i++) {
        int column = i;
        m[i] = WhisperBench.median(entry.getValue().stream().mapToDouble(f -> f[column]).boxed().toList());
      }
      System.out.printf(Locale.ROOT, "| %s | %.1f%s | %.1f%s | %.3f%s |%n", entry.getKey(),
          m[0], ratio(base, m, 0), m[1], ratio(base, m, 1), m[2], ratio(base, m, 2));
      base = base == null ? m : base;
    }
  }

  private static String ratio(double[] base, double[] m, int i) {
    return base == null ? "" : String.format(Locale.ROOT, " (%.2fx)", base[i] / m[i]);
  }
}
