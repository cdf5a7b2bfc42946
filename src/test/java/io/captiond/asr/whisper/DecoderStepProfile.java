package io.captiond.asr.whisper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.captiond.onnx.OnnxEnvironment;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a decoder step's time goes: {@code decoder_with_past_model*.onnx} stepped by bare ONNX
 * Runtime calls (no rules, the argmax only) under session options given on the command line, so
 * that each option's effect on one step reads apart from captiond's Java. Prints wall ms, the
 * calling thread's CPU ms and the process's CPU ms per token (the last counts ONNX Runtime's
 * spinning workers), medians of the rounds; {@code profile=PREFIX} writes ONNX Runtime's per-op
 * profile (Chrome trace JSON) of the last round.
 *
 * <p>Each SETUP is {@code VARIANT[:OPTION=VALUE]...} ({@code -} for float32); the setups' rounds are
 * interleaved, so a noisy machine hurts them alike. Options: {@code opt=all|ext|basic|none},
 * {@code spin=0|1}, {@code dbb=N} (session.dynamic_block_base), {@code inter=N}, {@code parallel=1},
 * {@code profile=PREFIX}, {@code save=FILE} (the optimized graph), {@code cfg.KEY=VALUE}.
 *
 * <pre>java -cp ... io.captiond.asr.whisper.DecoderStepProfile DIR THREADS ROUNDS STEPS SETUP...</pre>
 */
public final class DecoderStepProfile {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    int steps = Integer.parseInt(args[3]);
    List<String> specs = Arrays.asList(args).subList(4, args.length);
    OrtEnvironment env = OnnxEnvironment.get();
    List<Setup> setups = new ArrayList<>();
    try (WhisperModel model = WhisperModel.load(dir, threads, "", WhisperSettings.Device.CPU)) {
      WhisperConfig config = model.config();
      float[] encoded = model.encode(new LogMelSpectrogram(config.numMelBins()).chunk(new float[16000]));
      int[] promptTokens = WhisperBench.livePrompt(model.tokenizer());
      for (String spec : specs) {
        String[] parts = spec.split(":");
        String variant = parts[0].equals("-") ? "" : parts[0];
        Map<String, String> opts = new HashMap<>();
        for (String arg : Arrays.asList(parts).subList(1, parts.length)) {
          String[] kv = arg.split("=", 2);
          opts.put(kv[0], kv[1]);
        }
        try (OrtSession.SessionOptions options = options(threads, opts, false);
            OrtSession.SessionOptions profiled = options(threads, opts, opts.containsKey("profile"))) {
          setups.add(new Setup(spec, opts,
              env.createSession(dir.resolve("decoder_model" + variant + ".onnx").toString(), options),
              env.createSession(dir.resolve("decoder_with_past_model" + variant + ".onnx").toString(), profiled)));
        }
      }
      for (int r = -1; r < rounds; r++) { // round -1 warms up
        for (Setup setup : setups) {
          Thread.sleep(50); // the last session's workers stop spinning
          double[] spent = round(env, config, setup, encoded, promptTokens, steps);
          if (r >= 0) {
            setup.wall.add(spent[0]);
            setup.cpu.add(spent[1]);
            setup.process.add(spent[2]);
          }
        }
      }
      for (Setup setup : setups) {
        System.out.printf(Locale.ROOT, "%s threads %d: wall %.2f ms/token, calling thread CPU %.2f, process CPU %.2f%n",
            setup.spec, threads, median(setup.wall), median(setup.cpu), median(setup.process));
        if (setup.opts.containsKey("profile")) {
          System.out.println("profile: " + setup.step.endProfiling());
        }
        setup.prompt.close();
        setup.step.close();
      }
    }
  }

  private record Setup(String spec, Map<String, String> opts, OrtSession prompt, OrtSession step,
      List<Double> wall, List<Double> cpu, List<Double> process) {
    Setup(String spec, Map<String, String> opts, OrtSession prompt, OrtSession step) {
      this(spec, opts, prompt, step, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }
  }

  /** Prompt then {@code steps} argmax steps; {wall, calling thread CPU, process CPU} ms per step. */
  private static double[] round(OrtEnvironment env, WhisperConfig config, Setup setup, float[] encoded,
      int[] promptTokens, int steps) throws Exception {
    var bean = ManagementFactory.getThreadMXBean();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (OnnxTensor audio = OnnxTensor.createTensor(env, FloatBuffer.wrap(encoded),
            new long[] {1, encoded.length / config.dModel(), config.dModel()});
        OnnxTensor ids = ids(env, promptTokens);
        OrtSession.Result first = setup.prompt.run(Map.of("input_ids", ids, "encoder_hidden_states", audio))) {
      OrtSession.Result latest = null;
      int token = argmax((OnnxTensor) first.get(0), promptTokens.length);
      long w = System.nanoTime();
      long c = bean.getCurrentThreadCpuTime();
      long p = os.getProcessCpuTime();
      for (int s = 0; s < steps; s++) {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        OnnxTensor id = ids(env, new int[] {token});
        inputs.put("input_ids", id);
        for (int i = 0; i < config.decoderLayers(); i++) {
          for (String kv : new String[] {"key", "value"}) {
            OrtSession.Result self = latest == null ? first : latest;
            inputs.put("past_key_values." + i + ".decoder." + kv,
                (OnnxTensor) self.get("present." + i + ".decoder." + kv).orElseThrow());
            inputs.put("past_key_values." + i + ".encoder." + kv,
                (OnnxTensor) first.get("present." + i + ".encoder." + kv).orElseThrow());
          }
        }
        OrtSession.Result result = setup.step.run(inputs);
        id.close();
        if (latest != null) {
          latest.close();
        }
        latest = result;
        token = argmax((OnnxTensor) result.get(0), 1);
      }
      double[] out = {(System.nanoTime() - w) / 1e6 / steps, (bean.getCurrentThreadCpuTime() - c) / 1e6 / steps,
          (os.getProcessCpuTime() - p) / 1e6 / steps};
      if (latest != null) {
        latest.close();
      }
      return out;
    }
  }

  private static OrtSession.SessionOptions options(int threads, Map<String, String> opts, boolean profile)
      throws Exception {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(threads);
    if (opts.containsKey("inter")) {
      options.setInterOpNumThreads(Integer.parseInt(opts.get("inter")));
    }
    if ("1".equals(opts.get("parallel"))) {
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.PARALLEL);
    }
    if (opts.containsKey("opt")) {
      options.setOptimizationLevel(switch (opts.get("opt")) {
        case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
        case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
        case "ext" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
        default -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
      });
    }
    if (opts.containsKey("spin")) {
      options.addConfigEntry("session.intra_op.allow_spinning", opts.get("spin"));
    }
    if (opts.containsKey("dbb")) {
      options.addConfigEntry("session.dynamic_block_base", opts.get("dbb"));
    }
    if (opts.containsKey("save") && profile) {
      options.setOptimizedModelFilePath(opts.get("save"));
    }
    for (Map.Entry<String, String> e : opts.entrySet()) {
      if (e.getKey().startsWith("cfg.")) {
        options.addConfigEntry(e.getKey().substring(4), e.getValue());
      }
    }
    if (profile) {
      options.enableProfiling(opts.get("profile"));
    }
    return options;
  }

  private static OnnxTensor ids(OrtEnvironment env, int[] tokens) throws Exception {
    long[] ids = Arrays.stream(tokens).asLongStream().toArray();
    return OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, ids.length});
  }

  /** The argmax of the last position's logits, read in place. */
  private static int argmax(OnnxTensor logits, int positions) {
    FloatBuffer buffer = logits.getFloatBuffer();
    int vocab = buffer.remaining() / positions;
    int base = (positions - 1) * vocab;
    int best = 0;
    float max = Float.NEGATIVE_INFINITY;
    for (int t = 0; t < vocab; t++) {
      float v = buffer.get(base + t);
      if (v > max) {
        max = v;
        best = t;
      }
    }
    return best;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
