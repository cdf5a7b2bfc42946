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
 * and 3 W argmax steps (read speech runs at about 3 tokens a second); then that live step as the
 * engine decodes it (Whisper's rules, at most 3 W tokens), without and with the previous step's
 * tokens (the window 1 s shorter) as a draft ({@link DraftedDecoder}). {@code whisper_cpp.py bench}
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
        List<Double> times = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
          times.add(liveStep(model, mel, window, seconds));
        }
        json.append(String.format(Locale.ROOT, "%s\"%d\":%.3f", w == 0 ? "" : ",", seconds, median(times)));
      }
      json.append("},\"live_step_draft\":{");
      for (int w = 0; w < LIVE_WINDOWS_S.length; w++) {
        json.append(w == 0 ? "" : ",").append('"').append(LIVE_WINDOWS_S[w]).append("\":")
            .append(liveStepWithDraft(model, mel, audio, LIVE_WINDOWS_S[w], runs));
      }
      json.append("},\"live_draft\":{");
      for (int w = 0; w < LIVE_WINDOWS_S.length; w++) {
        json.append(w == 0 ? "" : ",").append('"').append(LIVE_WINDOWS_S[w]).append("\":")
            .append(liveWithDraft(model, mel, audio, LIVE_WINDOWS_S[w], runs));
      }
      System.out.println(json.append("}}"));
    }
  }

  static final int[] LIVE_WINDOWS_S = {5, 10, 20};

  /** One live step on a {@code seconds} s window: log-mel, encoder, the live prompt and 3 W argmax steps; ms. */
  static double liveStep(WhisperModel model, LogMelSpectrogram mel, float[] window, int seconds) throws Exception {
    long began = System.nanoTime();
    float[] encoded = model.encode(mel.chunk(window));
    decode(model, new float[][] {encoded}, livePrompt(model.tokenizer()), LIVE_TOKENS_PER_SECOND * seconds);
    return (System.nanoTime() - began) / 1e6;
  }

  /** captions.step_ms's default: the previous live step decoded the window 1 s shorter. */
  static final int LIVE_STEP_S = 1;

  /**
   * The live step above (3 W argmax steps, no rules) with the previous step's picks (the window
   * 1 s shorter, 3 (W - 1) steps) as a draft checked {@link DraftedDecoder#MAX_FED} tokens at a call,
   * interleaved with the plain one: log-mel + encoder + steps, medians; the picks are checked equal.
   * {@code null} where the step graph takes one token at a call or the logits are {@code _q8x}'s.
   */
  static String liveStepWithDraft(WhisperModel model, LogMelSpectrogram mel, float[] audio, int seconds, int runs)
      throws Exception {
    if (model.exactLogits() || !new GreedyDecoder(model).drafted().verifies()) {
      return "null";
    }
    int[] prompt = livePrompt(model.tokenizer());
    int steps = LIVE_TOKENS_PER_SECOND * seconds;
    float[] window = repeated(audio, seconds * 16000);
    float[] before = model.encode(mel.chunk(repeated(audio, (seconds - LIVE_STEP_S) * 16000)));
    int[] draft = new int[LIVE_TOKENS_PER_SECOND * (seconds - LIVE_STEP_S)];
    draftedArgmax(model, before, prompt, draft.length, new int[0], draft, new int[2]);
    float[] encoded = model.encode(mel.chunk(window));
    draftedArgmax(model, encoded, prompt, steps, draft, new int[steps], new int[2]); // warm-up: new input shapes
    List<Double> plainMs = new ArrayList<>();
    List<Double> draftMs = new ArrayList<>();
    int[] counts = new int[2];
    boolean same = true;
    for (int r = 0; r < runs; r++) {
      int[] plain = new int[steps];
      long began = System.nanoTime();
      encoded = model.encode(mel.chunk(window));
      draftedArgmax(model, encoded, prompt, steps, new int[0], plain, new int[2]);
      plainMs.add((System.nanoTime() - began) / 1e6);
      int[] drafted = new int[steps];
      began = System.nanoTime();
      encoded = model.encode(mel.chunk(window));
      draftedArgmax(model, encoded, prompt, steps, draft, drafted, counts);
      draftMs.add((System.nanoTime() - began) / 1e6);
      same &= Arrays.equals(plain, drafted);
    }
    return String.format(Locale.ROOT, "{\"steps\":%d,\"plain_ms\":%.3f,\"draft_ms\":%.3f,\"calls\":%d,"
        + "\"accepted\":%d,\"same_tokens\":%b}", steps, median(plainMs), median(draftMs), counts[0] / runs,
        counts[1] / runs, same);
  }

  /**
   * {@link #decode}'s argmax steps on one row, {@code draft} checked several tokens at a call as
   * {@link DraftedDecoder} does (without Whisper's rules): the {@code picks.length} picks into
   * {@code picks}, each fed; calls and kept drafted tokens added to {@code counts}.
   */
  static void draftedArgmax(WhisperModel model, float[] audio, int[] prompt, int steps, int[] draft, int[] picks,
      int[] counts) throws Exception {
    try (DecoderBatch batch = new DecoderBatch(model, new float[][] {audio})) {
      float[][] rows = batch.prompt(new int[][] {prompt});
      int[] fed = {};
      int done = 0;
      DraftedDecoder.Cursor cursor = new DraftedDecoder.Cursor(draft);
      while (true) {
        int next = -1;
        for (int i = 0; i < rows.length && done < steps; i++) {
          next = TimestampRules.argmax(rows[i]);
          picks[done++] = next;
          counts[1] += i > 0 ? 1 : 0;
          if (i + 1 < rows.length && next != fed[i + 1]) {
            break;
          }
        }
        if (batch.length() > prompt.length + done - 1) {
          batch.truncate(prompt.length + done - 1);
        }
        fed = cursor.toFeed(picks, 0, done, steps - done + 1);
        counts[0]++;
        rows = fed.length == 1 ? batch.next(fed) : batch.nextTokens(fed);
        if (done >= steps) {
          return; // the last pick fed too, as decode feeds every step's
        }
      }
    }
  }

  /**
   * The live step as the engine runs it, a greedy decode under Whisper's rules of at most 3 W tokens,
   * without a draft and with the previous step's tokens as the draft ({@link DraftedDecoder}: the
   * same tokens), interleaved, medians of {@code runs}: log-mel + encoder + decode, and the decode
   * alone; with the share of tokens that came from the draft.
   */
  static String liveWithDraft(WhisperModel model, LogMelSpectrogram mel, float[] audio, int seconds, int runs)
      throws Exception {
    GreedyDecoder greedy = new GreedyDecoder(model);
    int[] prompt = livePrompt(model.tokenizer());
    int sampleLen = LIVE_TOKENS_PER_SECOND * seconds;
    float[] window = repeated(audio, seconds * 16000);
    float[] before = model.encode(mel.chunk(repeated(audio, (seconds - LIVE_STEP_S) * 16000)));
    int[] previous = greedy.decode(before, prompt, sampleLen).tokens();
    int[] draft = Arrays.copyOfRange(previous, prompt.length, previous.length);
    greedy.drafted().decode(model.encode(mel.chunk(window)), prompt, sampleLen, draft); // warm-up: new input shapes
    List<Double> plainMs = new ArrayList<>();
    List<Double> draftMs = new ArrayList<>();
    List<Double> plainDecodeMs = new ArrayList<>();
    List<Double> draftDecodeMs = new ArrayList<>();
    DraftedDecoder.Stats stats = new DraftedDecoder.Stats();
    int tokens = 0;
    boolean same = true;
    for (int r = 0; r < runs; r++) {
      long began = System.nanoTime();
      float[] encoded = model.encode(mel.chunk(window));
      long decoding = System.nanoTime();
      GreedyDecoder.Result plain = greedy.decode(encoded, prompt, sampleLen);
      long ended = System.nanoTime();
      plainMs.add((ended - began) / 1e6);
      plainDecodeMs.add((ended - decoding) / 1e6);
      began = System.nanoTime();
      encoded = model.encode(mel.chunk(window));
      decoding = System.nanoTime();
      GreedyDecoder.Result drafted = greedy.drafted().decode(encoded, prompt, sampleLen, draft,
          r == 0 ? stats : new DraftedDecoder.Stats());
      ended = System.nanoTime();
      draftMs.add((ended - began) / 1e6);
      draftDecodeMs.add((ended - decoding) / 1e6);
      tokens = plain.tokens().length - prompt.length;
      same &= Arrays.equals(plain.tokens(), drafted.tokens());
    }
    return String.format(Locale.ROOT, "{\"tokens\":%d,\"draft_tokens\":%d,\"plain_ms\":%.3f,\"draft_ms\":%.3f,"
            + "\"plain_decode_ms\":%.3f,\"draft_decode_ms\":%.3f,\"calls\":%d,\"accepted\":%d,\"fed\":%d,"
            + "\"verifies\":%b,\"same_tokens\":%b}",
        tokens, draft.length, median(plainMs), median(draftMs), median(plainDecodeMs), median(draftDecodeMs),
        stats.calls, stats.accepted, stats.fed, greedy.drafted().verifies(), same);
  }
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

  static double median(List<Double> values) {
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
