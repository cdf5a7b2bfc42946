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

  public GreedyDecoder(WhisperModel model) {
    this.model = model;
    WhisperConfig config = model.config();
    WhisperTokenizer tokenizer = model.tokenizer();
    int[] suppress = suppressTokens(config.suppressTokens(), tokenizer);
    int[] beginSuppress = config.beginSuppressTokens().length > 0
        ? config.beginSuppressTokens()
        : new int[] {tokenizer.encode(" ")[0], tokenizer.eot()};
    this.rules = new TimestampRules(tokenizer, suppress, beginSuppress, config.maxInitialTimestampIndex());
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

    /** Whisper's {@code avg_logprob}: summed log-probability of the tokens before the end over their count + 1. */
    public double avgLogProbability(int eot) {
      int n = sampled(eot).length;
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += tokenLogProbabilities[i];
      }
      return sum / (n + 1);
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
    WhisperTokenizer tokenizer = model.tokenizer();
    int eot = tokenizer.eot();
    int maxLength = Math.min(prompt.length + sampleLen, model.config().maxTargetPositions());
    int[] tokens = Arrays.copyOf(prompt, maxLength);
    int length = prompt.length;
    double[] logProbs = new double[maxLength - prompt.length];
    double noSpeech = 0;
    try (WhisperModel.DecoderSession session = model.startDecoding(audioFeatures)) {
      float[] logits = session.prompt(prompt);
      int sotIndex = indexOf(prompt, tokenizer.sot());
      if (sotIndex >= 0) {
        noSpeech = softmaxAt(session.promptLogits(sotIndex), tokenizer.noSpeech());
      }
      while (length < maxLength) {
        rules.apply(logits, tokens, length, prompt.length);
        int next = TimestampRules.argmax(logits);
        logProbs[length - prompt.length] = logSoftmaxAt(logits, next);
        tokens[length++] = next;
        if (next == eot) {
          break;
        }
        if (length < maxLength) {
          logits = session.next(next);
        }
      }
    }
    return new Result(Arrays.copyOf(tokens, length), prompt.length, noSpeech,
        Arrays.copyOf(logProbs, length - prompt.length));
  }

  private static int indexOf(int[] array, int value) {
    for (int i = 0; i < array.length; i++) {
      if (array[i] == value) {
        return i;
      }
    }
    return -1;
  }

  static double logSoftmaxAt(float[] logits, int index) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (float v : logits) {
      sum += Math.exp(v - max);
    }
    return logits[index] - max - Math.log(sum);
  }

  static double softmaxAt(float[] logits, int index) {
    return Math.exp(logSoftmaxAt(logits, index));
  }
}
