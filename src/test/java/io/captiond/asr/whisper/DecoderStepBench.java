package io.captiond.asr.whisper;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One decoder step, several model variants side by side: each round steps every variant in turn
 * (interleaved, so a noisy machine hurts them alike) and the medians of the rounds are printed as
 * thread CPU time and wall time per token. With one intra-op thread ONNX Runtime runs on the
 * calling thread, so its CPU time is the step's cost whatever else the machine runs.
 *
 * <p>Each step is a greedy decode's step: Whisper's rules ({@link TimestampRules}, the log-softmax
 * inside them) then the argmax, on the calling thread; the Java part's own thread CPU time is
 * printed beside the total, so what ONNX Runtime costs and what captiond's Java adds read apart.
 *
 * <p>With {@code -Dbench.steps=argmax} each step is the Whisper bench's instead (its decoder per
 * token, beside whisper.cpp's): the plain argmax, no rules ({@code _q8x}: made float32's by
 * {@link ExactLogits#argmax}).
 *
 * <pre>java [-Dbench.steps=argmax] -cp ... io.captiond.asr.whisper.DecoderStepBench THREADS ROUNDS STEPS DIR[:VARIANT] ...</pre>
 */
public final class DecoderStepBench {

  private static final boolean ARGMAX = "argmax".equals(System.getProperty("bench.steps"));

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    int steps = Integer.parseInt(args[2]);
    List<String> names = Arrays.asList(args).subList(3, args.length);
    List<WhisperModel> models = new ArrayList<>();
    for (String name : names) {
      String[] parts = name.split(":", 2);
      models.add(WhisperModel.load(Path.of(parts[0]), threads, parts.length > 1 ? parts[1] : "",
          WhisperSettings.Device.CPU));
    }
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    List<List<Double>> cpu = new ArrayList<>();
    List<List<Double>> wall = new ArrayList<>();
    List<List<Double>> rules = new ArrayList<>();
    List<float[]> audio = new ArrayList<>();
    List<GreedyDecoder> greedy = new ArrayList<>();
    for (WhisperModel model : models) {
      greedy.add(new GreedyDecoder(model));
      cpu.add(new ArrayList<>());
      wall.add(new ArrayList<>());
      rules.add(new ArrayList<>());
      audio.add(model.encode(new LogMelSpectrogram(model.config().numMelBins()).chunk(new float[16000])));
      step(greedy.get(greedy.size() - 1), model, audio.get(audio.size() - 1), steps, bean); // warm-up
    }
    for (int r = 0; r < rounds; r++) {
      for (int m = 0; m < models.size(); m++) {
        double[] spent = step(greedy.get(m), models.get(m), audio.get(m), steps, bean);
        cpu.get(m).add(spent[0] / steps);
        wall.get(m).add(spent[1] / steps);
        rules.get(m).add(spent[2] / steps);
      }
    }
    System.out.printf(Locale.ROOT, "| model | CPU ms per token | wall ms per token | of which Java %s"
        + " (_q8x: + its exact rows), CPU ms |%n| --- | --- | --- | --- |%n", ARGMAX ? "argmax" : "rules + argmax");
    for (int m = 0; m < models.size(); m++) {
      System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.3f |%n", names.get(m), median(cpu.get(m)),
          median(wall.get(m)), median(rules.get(m)));
    }
    for (int m = 0; m < models.size(); m++) {
      ExactLogits.Stats stats = greedy.get(m).exactStats();
      if (stats != null) {
        System.out.printf(Locale.ROOT, "%n%s: float32 rows per step %.1f mean, %d max, over %d steps (warm-up"
            + " included); the check after them added rows %d times%n", names.get(m), stats.meanRows(),
            stats.maxRows(), stats.steps(), stats.reruns());
      }
      models.get(m).close();
    }
  }

  /**
   * Prompt then {@code steps} greedy steps (rules, argmax, decoder); {CPU ms, wall ms, CPU ms of the
   * rules and argmax} of the steps.
   */
  private static double[] step(GreedyDecoder greedy, WhisperModel model, float[] encoded, int steps, ThreadMXBean bean)
      throws Exception {
    WhisperTokenizer tok = model.tokenizer();
    int[] prompt = WhisperBench.livePrompt(tok);
    int[] tokens = Arrays.copyOf(prompt, prompt.length + steps + 1);
    try (DecoderBatch batch = new DecoderBatch(model, new float[][] {encoded})) {
      float[][] logits = batch.prompt(new int[][] {prompt});
      long javaCpu = 0;
      long cpu = bean.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      for (int s = 0; s < steps; s++) {
        long before = bean.getCurrentThreadCpuTime();
        int length = prompt.length + s;
        if (ARGMAX) {
          tokens[length] = greedy.exactStats() == null ? TimestampRules.argmax(logits[0])
              : greedy.exactArgmax(logits[0], batch.bounds(0), batch.hidden(0));
        } else {
          greedy.applyRules(batch, 0, logits[0], tokens, length, prompt.length); // _q8x: its exact rows too
          tokens[length] = TimestampRules.argmax(logits[0]);
        }
        javaCpu += bean.getCurrentThreadCpuTime() - before;
        logits = batch.next(new int[] {tokens[length]}); // past the end of text too: the cost per step is what counts
      }
      return new double[] {(bean.getCurrentThreadCpuTime() - cpu) / 1e6, (System.nanoTime() - wall) / 1e6,
          javaCpu / 1e6};
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
