package io.captiond.asr.whisper;

import io.captiond.asr.AsrException;
import java.util.Arrays;

/**
 * Whisper's greedy decode of one window (temperature 0, {@code whisper/decoding.py}): the prompt,
 * then the most likely token at each step under {@link TimestampRules}, until
 * {@code <|endoftext|>} or {@code sampleLen} tokens. Uses the model's key/value cache.
 */
public final class GreedyDecoder {

  private final WhisperModel model;
  private final TimestampRules rules;
  /** Where the model's logits are approximate and bounded ({@code _q8x}); else null. */
  private final ExactLogits exact;
  private final DraftedDecoder drafted;

  public GreedyDecoder(WhisperModel model) {
    this.model = model;
    WhisperConfig config = model.config();
    WhisperTokenizer tokenizer = model.tokenizer();
    int[] suppress = suppressTokens(config.suppressTokens(), tokenizer);
    int[] beginSuppress = config.beginSuppressTokens().length > 0
        ? config.beginSuppressTokens()
        : new int[] {tokenizer.encode(" ")[0], tokenizer.eot()};
    this.rules = new TimestampRules(tokenizer, suppress, beginSuppress, config.maxInitialTimestampIndex());
    this.exact = model.exactLogits() ? new ExactLogits(model, rules) : null;
    this.drafted = new DraftedDecoder(model, this);
  }

  /**
   * Whisper's {@code _get_suppress_tokens}: the configured list, or the non-speech symbols where
   * none is configured ({@code "-1"}), always with the special tokens but the timestamps and the end.
   */
  static int[] suppressTokens(int[] configured, WhisperTokenizer t) {
    int[] base = configured.length > 0 ? configured : t.nonSpeechTokens();
    int[] specials = {t.transcribe(), t.translate(), t.sot(), t.sotPrev(), t.sotLm(), t.noSpeech()};
    int[] out = Arrays.copyOf(base, base.length + specials.length);
    System.arraycopy(specials, 0, out, base.length, specials.length);
    return Arrays.stream(out).filter(token -> token >= 0 && token < t.vocabSize()).sorted().distinct().toArray();
  }

  /**
   * @param tokens prompt then sampled tokens, the final {@code <|endoftext|>} included when reached
   * @param sampleBegin where the sampled tokens start
   * @param noSpeechProbability the model's {@code <|nospeech|>} probability after {@code <|startoftranscript|>}
   * @param tokenLogProbabilities log-probability of each sampled token, the end included
   */
  public record Result(int[] tokens, int sampleBegin, double noSpeechProbability, double[] tokenLogProbabilities) {

    /**
     * Whisper's {@code avg_logprob}: the summed log-probability of the sampled tokens, the end
     * included (its {@code sum_logprobs}), over the count of tokens before the end + 1.
     */
    public double avgLogProbability(int eot) {
      return sumLogProbability() / (sampled(eot).length + 1);
    }

    /** Whisper's {@code sum_logprobs}: every sampled token's log-probability, the end included. */
    public double sumLogProbability() {
      double sum = 0;
      for (double p : tokenLogProbabilities) {
        sum += p;
      }
      return sum;
    }

    /** The sampled tokens, without the prompt and without {@code <|endoftext|>}. */
    public int[] sampled(int eot) {
      int end = tokens.length;
      if (end > sampleBegin && tokens[end - 1] == eot) {
        end--;
      }
      return Arrays.copyOfRange(tokens, sampleBegin, end);
    }
  }

  /**
   * @param audioFeatures the encoder's output for the window
   * @param prompt the start of the decoder input, e.g. {@link WhisperTokenizer#sotSequence}
   * @param sampleLen the most tokens to sample (Whisper: 224)
   */
  public Result decode(float[] audioFeatures, int[] prompt, int sampleLen) throws AsrException {
    return decode(audioFeatures, prompt, sampleLen, 0.0, null);
  }

  /**
   * A decode at {@code temperature}: 0 takes the likeliest token, more samples from
   * {@code softmax(logits / temperature)} with {@code random} (Whisper's {@code Categorical}).
   */
  public Result decode(float[] audioFeatures, int[] prompt, int sampleLen, double temperature,
      java.util.random.RandomGenerator random) throws AsrException {
    WhisperTokenizer tokenizer = model.tokenizer();
    int eot = tokenizer.eot();
    int maxLength = Math.min(prompt.length + sampleLen, model.config().maxTargetPositions());
    int[] tokens = Arrays.copyOf(prompt, maxLength);
    int length = prompt.length;
    double[] logProbs = new double[maxLength - prompt.length];
    double noSpeech = 0;
    try (DecoderBatch session = new DecoderBatch(model, new float[][] {audioFeatures})) {
      float[] logits = session.prompt(new int[][] {prompt})[0];
      noSpeech = session.noSpeechProbability(0, prompt);
      while (length < maxLength) {
        double logZ = applyRules(session, 0, logits, tokens, length, prompt.length);
        int next = temperature > 0 ? sample(logits, temperature, random) : TimestampRules.argmax(logits);
        logProbs[length - prompt.length] = logits[next] - logZ;
        tokens[length++] = next;
        if (next == eot) {
          break;
        }
        if (length < maxLength) {
          logits = session.next(new int[] {next})[0];
        }
      }
    }
    return new Result(Arrays.copyOf(tokens, length), prompt.length, noSpeech,
        Arrays.copyOf(logProbs, length - prompt.length));
  }

  /**
   * Greedy decodes of several windows at once, each exactly as {@link #decode(float[], int[], int)}
   * would give it. Prompts of one length share a {@link DecoderBatch} (the decoder has no attention
   * mask, so rows must have equal lengths); each group steps until all its rows have ended.
   */
  public Result[] decodeBatch(float[][] audio, int[][] prompts, int sampleLen) throws AsrException {
    return decodeBatch(audio, prompts, sampleLen, null);
  }

  /**
   * As {@link #decodeBatch(float[][], int[][], int)}, with each window's draft of its tokens (null,
   * or a null row: none). A window alone in its group checks its draft ({@link DraftedDecoder}): the
   * same tokens, fewer decoder calls where the draft is right; groups of several step in lockstep
   * and ignore drafts.
   */
  public Result[] decodeBatch(float[][] audio, int[][] prompts, int sampleLen, int[][] drafts) throws AsrException {
    Result[] out = new Result[audio.length];
    java.util.Map<Integer, java.util.List<Integer>> groups = new java.util.TreeMap<>();
    for (int i = 0; i < prompts.length; i++) {
      groups.computeIfAbsent(prompts[i].length, k -> new java.util.ArrayList<>()).add(i);
    }
    for (java.util.List<Integer> group : groups.values()) {
      int only = group.get(0);
      if (group.size() == 1 && drafts != null && drafts[only] != null) {
        out[only] = drafted.decode(audio[only], prompts[only], sampleLen, drafts[only]);
      } else {
        decodeGroup(audio, prompts, group, sampleLen, out);
      }
    }
    return out;
  }

  private void decodeGroup(float[][] audio, int[][] prompts, java.util.List<Integer> items, int sampleLen,
      Result[] out) throws AsrException {
    WhisperTokenizer tokenizer = model.tokenizer();
    int eot = tokenizer.eot();
    int n = items.size();
    int promptLength = prompts[items.get(0)].length;
    int maxLength = Math.min(promptLength + sampleLen, model.config().maxTargetPositions());
    float[][] rowAudio = new float[n][];
    int[][] rowPrompts = new int[n][];
    int[][] tokens = new int[n][];
    double[][] logProbs = new double[n][maxLength - promptLength];
    int[] lengths = new int[n];
    boolean[] done = new boolean[n];
    double[] noSpeech = new double[n];
    for (int r = 0; r < n; r++) {
      rowAudio[r] = audio[items.get(r)];
      rowPrompts[r] = prompts[items.get(r)];
      tokens[r] = Arrays.copyOf(rowPrompts[r], maxLength);
      lengths[r] = promptLength;
    }
    try (DecoderBatch batch = new DecoderBatch(model, rowAudio)) {
      float[][] logits = batch.prompt(rowPrompts);
      for (int r = 0; r < n; r++) {
        noSpeech[r] = batch.noSpeechProbability(r, rowPrompts[r]);
      }
      int position = promptLength;
      while (true) {
        int[] fed = new int[n];
        boolean allDone = true;
        for (int r = 0; r < n; r++) {
          if (done[r]) {
            fed[r] = eot; // a finished row is fed on; its outputs are ignored
            continue;
          }
          double logZ = applyRules(batch, r, logits[r], tokens[r], position, promptLength);
          int next = TimestampRules.argmax(logits[r]);
          logProbs[r][position - promptLength] = logits[r][next] - logZ;
          tokens[r][position] = next;
          lengths[r] = position + 1;
          done[r] = next == eot || position + 1 >= maxLength;
          allDone &= done[r];
          fed[r] = next;
        }
        position++;
        if (allDone) {
          break;
        }
        logits = batch.next(fed);
      }
    }
    for (int r = 0; r < n; r++) {
      out[items.get(r)] = new Result(Arrays.copyOf(tokens[r], lengths[r]), promptLength, noSpeech[r],
          Arrays.copyOf(logProbs[r], lengths[r] - promptLength));
    }
  }

  TimestampRules rules() {
    return rules;
  }

  /** The decode that checks drafts ({@link DraftedDecoder}) on this decoder's model and rules. */
  DraftedDecoder drafted() {
    return drafted;
  }

  /**
   * {@link TimestampRules#apply} on row {@code row}'s logits of {@code batch}; where the model's
   * logits are approximate ({@code _q8x}), after {@link ExactLogits} made the deciding ones float32's.
   * At a temperature above 0 the draw is from these logits: exact near the top, within their bounds
   * in the tail.
   */
  double applyRules(DecoderBatch batch, int row, float[] logits, int[] tokens, int length, int sampleBegin)
      throws AsrException {
    return exact == null ? rules.apply(logits, tokens, length, sampleBegin)
        : exact.apply(logits, batch.bounds(row), batch.hidden(row), tokens, length, sampleBegin);
  }

  /** Where the model's logits are approximate ({@code _q8x}), makes {@code [from, to)} of row {@code row}'s exact. */
  void makeExact(DecoderBatch batch, int row, float[] logits, int from, int to) throws AsrException {
    if (exact != null) {
      exact.makeExact(logits, batch.hidden(row), from, to);
    }
  }

  /** The plain argmax, no rules, made float32's ({@link ExactLogits#argmax}; {@code _q8x} only). */
  int exactArgmax(float[] logits, float[] bounds, float[] hidden) throws AsrException {
    return exact.argmax(logits, bounds, hidden);
  }

  /** How many exact rows the {@code _q8x} steps needed; null for other models. */
  ExactLogits.Stats exactStats() {
    return exact == null ? null : exact.stats();
  }

  /** Draws a token from {@code softmax(logits / temperature)}; masked tokens ({@code -inf}) never. */
  static int sample(float[] logits, double temperature, java.util.random.RandomGenerator random) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double[] weights = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      weights[i] = Math.exp((logits[i] - max) / temperature);
      sum += weights[i];
    }
    double u = random.nextDouble() * sum;
    int last = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        last = i;
        u -= weights[i];
        if (u < 0) {
          return i;
        }
      }
    }
    return last;
  }

  static int indexOf(int[] array, int value) {
    for (int i = 0; i < array.length; i++) {
      if (array[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
