package io.captiond.asr.whisper;

import io.captiond.asr.AudioWindow;
import io.captiond.testing.WavFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The ONNX Runtime side of {@code load-tests/whisper-bench.sh} (not a test): on a model folder,
 * times the log-mel of one 30 s window, the encoder on it (batch 1), the decoder per token with its
 * cache (the 3-token prompt, then {@code steps} single-token steps feeding the argmax back, no
 * timestamp rules: a fixed amount of work), medians of {@code runs}; then a batch of B windows:
 * encoder + prompt + {@code steps} steps on B rows; then the live step the streaming policy repeats
 * every {@code captions.step_ms} on a window open for W seconds (5, 10, 20): log-mel of the window,
 * encoder, a prompt of {@code <|startofprev|>} + 32 tokens of earlier text + the start sequence,
 * and 3 W argmax steps (read speech runs at about 3 tokens a second). {@code whisper_cpp.py bench}
 * times whisper.cpp on the same protocol. Prints one JSON object.
 *
 * <pre>java -cp ... io.captiond.asr.whisper.WhisperBench MODEL_DIR WAV THREADS RUNS STEPS 1,4,8 [DEVICE [VARIANT]]</pre>
 */
public final class WhisperBench {

  private WhisperBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    short[] samples = WavFile.read16kMono(Path.of(args[1]));
    int threads = Integer.parseInt(args[2]);
    int runs = Integer.parseInt(args[3]);
    int steps = Integer.parseInt(args[4]);
    int[] batches = Arrays.stream(args[5].split(",")).mapToInt(Integer::parseInt).toArray();
    WhisperSettings.Device device = args.length > 6 ? WhisperSettings.Device.parse(args[6]) : WhisperSettings.Device.CPU;
    String variant = args.length > 7 ? args[7] : "";
    try (WhisperModel model = WhisperModel.load(dir, threads, variant, device)) {
      LogMelSpectrogram mel = new LogMelSpectrogram(model.config().numMelBins());
      float[] audio = new AudioWindow(0, samples).floatSamples();
      WhisperTokenizer tok = model.tokenizer();
      int[] prompt = {tok.sot(), tok.sot() + 1, tok.transcribe()};

      LogMelSpectrogram.Features features = mel.chunk(audio);
      float[] encoded = model.encode(features); // warm-up
      List<Double> melMs = new ArrayList<>();
      List<Double> encoderMs = new ArrayList<>();
      List<Double> tokenMs = new ArrayList<>();
      for (int r = 0; r < runs; r++) {
        long began = System.nanoTime();
        mel.chunk(audio);
        melMs.add((System.nanoTime() - began) / 1e6);
        began = System.nanoTime();
        encoded = model.encode(features);
        encoderMs.add((System.nanoTime() - began) / 1e6);
        tokenMs.add(decode(model, new float[][] {encoded}, prompt, steps) / steps);
      }
      StringBuilder json = new StringBuilder();
      json.append(String.format(Locale.ROOT, "{\"device\":\"%s\",\"threads\":%d,\"runs\":%d,\"steps\":%d,"
              + "\"mel_ms\":%.3f,\"encoder_ms\":%.3f,\"decoder_ms_per_token\":%.4f,\"encoder_head\":%s,\"batches\":{",
          model.device(), threads, runs, steps, median(melMs), median(encoderMs), median(tokenMs),
          head(encoded, model.config().dModel())));
      for (int b = 0; b < batches.length; b++) {
        int size = batches[b];
        List<LogMelSpectrogram.Features> batch = Collections.nCopies(size, features);
        List<Double> times = new ArrayList<>();
        for (int r = 0; r < Math.max(1, runs / 2); r++) {
          long began = System.nanoTime();
          float[][] rows = model.encode(batch);
          decode(model, rows, prompt, steps);
          times.add((System.nanoTime() - began) / 1e6);
        }
        json.append(String.format(Locale.ROOT, "%s\"%d\":%.3f", b == 0 ? "" : ",", size, median(times)));
      }
      json.append("},\"live_step_ms\":{");
      for (int w = 0; w < LIVE_WINDOWS_S.length; w++) {
        int seconds = LIVE_WINDOWS_S[w];
        float[] window = repeated(audio, seconds * 16000);
        int[] livePrompt = livePrompt(tok);
        List<Double> times = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
          long began = System.nanoTime();
          float[] encodedWindow = model.encode(mel.chunk(window));
          decode(model, new float[][] {encodedWindow}, livePrompt, LIVE_TOKENS_PER_SECOND * seconds);
          times.add((System.nanoTime() - began) / 1e6);
        }
        json.append(String.format(Locale.ROOT, "%s\"%d\":%.3f", w == 0 ? "" : ",", seconds, median(times)));
      }
      System.out.println(json.append("}}"));
    }
  }

  static final int[] LIVE_WINDOWS_S = {5, 10, 20};
  static final int LIVE_TOKENS_PER_SECOND = 3;
  static final int LIVE_PROMPT_TOKENS = 32;

  /** {@code <|startofprev|>}, 32 text tokens standing for the confirmed text, the start sequence. */
  static int[] livePrompt(WhisperTokenizer tok) {
    int[] prompt = new int[LIVE_PROMPT_TOKENS + 4];
    prompt[0] = tok.sotPrev();
    for (int i = 0; i < LIVE_PROMPT_TOKENS; i++) {
      prompt[1 + i] = 1000 + i;
    }
    prompt[LIVE_PROMPT_TOKENS + 1] = tok.sot();
    prompt[LIVE_PROMPT_TOKENS + 2] = tok.sot() + 1;
    prompt[LIVE_PROMPT_TOKENS + 3] = tok.transcribe();
    return prompt;
  }

  /** The clip repeated (or cut) to {@code length} samples. */
  static float[] repeated(float[] clip, int length) {
    float[] out = new float[length];
    for (int i = 0; i < length; i++) {
      out[i] = clip[i % clip.length];
    }
    return out;
  }

  /** Prompt then {@code steps} argmax steps on every row; returns the steps' time in ms. */
  static double decode(WhisperModel model, float[][] audio, int[] prompt, int steps) throws Exception {
    int[][] prompts = new int[audio.length][];
    Arrays.fill(prompts, prompt);
    // _q8x: the argmax made float32's, its exact rows included in the time
    ExactLogits exact = model.exactLogits() ? new ExactLogits(model, new GreedyDecoder(model).rules()) : null;
    try (DecoderBatch batch = new DecoderBatch(model, audio)) {
      float[][] logits = batch.prompt(prompts);
      long began = System.nanoTime();
      for (int s = 0; s < steps; s++) {
        int[] next = new int[audio.length];
        for (int r = 0; r < audio.length; r++) {
          next[r] = exact == null ? TimestampRules.argmax(logits[r])
              : exact.argmax(logits[r], batch.bounds(r), batch.hidden(r));
        }
        logits = batch.next(next);
      }
      return (System.nanoTime() - began) / 1e6;
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String head(float[] encoded, int dModel) {
    StringBuilder out = new StringBuilder("[");
    for (int row = 0; row < 2; row++) {
      out.append(row == 0 ? "[" : ",[");
      for (int c = 0; c < 4; c++) {
        out.append(c == 0 ? "" : ",").append(encoded[row * dModel + c]);
      }
      out.append("]");
    }
    return out.append("]").toString();
  }
}
