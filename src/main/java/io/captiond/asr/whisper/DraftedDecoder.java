package io.captiond.asr.whisper;

import io.captiond.asr.AsrException;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * Greedy decoding that checks a draft: the tokens a decode is expected to give (the previous live
 * step's decode of the same window start, {@link DraftHints}) are fed to the step graph several at
 * once, and the model's own pick under {@link TimestampRules} is taken at every position. Where the
 * pick equals the drafted token that was fed after it, the next position's logits are already there;
 * at the first difference the model's pick is kept, the self-attention caches are cut back to the
 * tokens it agreed with, and decoding goes on one token a step until a pick equals the draft's token
 * at its position again (a drafted timestamp one step off, say) or the last two picks are found side
 * by side in the draft nearby (a word more or less, {@link Cursor}). The step graph's weights (the
 * output projection above all: 80 MB of float32 for tiny) are then read once for several tokens.
 *
 * <p>The draft changes the speed, never the result: every token is the model's greedy pick, as
 * {@link GreedyDecoder#decode} makes it. The one difference is floating point: a position's logits
 * come from a call on several tokens instead of one, whose matrix products may round in another order
 * (last bits of the logits; the tests bound the log-probabilities' difference). Used where the step
 * graph masks attention causally (checked once per model, {@link #verifies}) and the logits are
 * plain float32 ({@code _q8x}'s exact rows stay on the plain path); else it decodes as
 * {@link GreedyDecoder#decode}.
 */
final class DraftedDecoder {

  /** Tokens fed in one call at most: the picked one and up to 7 drafted ones. */
  static final int MAX_FED = 8;
  private static final Logger LOG = Logger.getLogger(DraftedDecoder.class.getName());

  private final WhisperModel model;
  private final GreedyDecoder greedy;
  private volatile Boolean verifies;

  DraftedDecoder(WhisperModel model, GreedyDecoder greedy) {
    this.model = model;
    this.greedy = greedy;
  }

  /** What one decode did with its draft (the bench reports it). */
  static final class Stats {
    int calls;
    int sampled;
    /** Tokens that came from the draft: picks whose logits a call on drafted tokens had already given. */
    int accepted;
    /** Drafted tokens fed to the model. */
    int fed;

    @Override
    public String toString() {
      return sampled + " tokens in " + calls + " calls, " + accepted + " of " + fed + " drafted tokens kept";
    }
  }

  /** As {@link GreedyDecoder#decode(float[], int[], int)}; {@code draft} (sampled tokens, may be null) only guides. */
  GreedyDecoder.Result decode(float[] audioFeatures, int[] prompt, int sampleLen, int[] draft) throws AsrException {
    return decode(audioFeatures, prompt, sampleLen, draft, new Stats());
  }

  GreedyDecoder.Result decode(float[] audioFeatures, int[] prompt, int sampleLen, int[] draft, Stats stats)
      throws AsrException {
    int[] usable = usable(draft);
    if (usable.length == 0 || !verifies()) {
      return greedy.decode(audioFeatures, prompt, sampleLen);
    }
    WhisperTokenizer tokenizer = model.tokenizer();
    int eot = tokenizer.eot();
    int maxLength = Math.min(prompt.length + sampleLen, model.config().maxTargetPositions());
    int[] tokens = Arrays.copyOf(prompt, maxLength);
    int length = prompt.length;
    double[] logProbs = new double[maxLength - prompt.length];
    double noSpeech = 0;
    try (DecoderBatch session = new DecoderBatch(model, new float[][] {audioFeatures})) {
      float[][] rows = session.prompt(new int[][] {prompt});
      int[] fed = {};
      Cursor cursor = new Cursor(usable);
      stats.calls++;
      noSpeech = session.noSpeechProbability(0, prompt);
      decoding:
      while (true) {
        // rows[i]: the logits at position length (the tokens fed up to fed[i] agreed with the picks)
        int next = -1;
        for (int i = 0; i < rows.length; i++) {
          float[] logits = rows[i];
          double logZ = greedy.applyRules(session, 0, logits, tokens, length, prompt.length);
          next = TimestampRules.argmax(logits);
          logProbs[length - prompt.length] = logits[next] - logZ;
          tokens[length++] = next;
          if (i > 0) {
            stats.accepted++;
          }
          if (next == eot || length >= maxLength) {
            break decoding;
          }
          if (i + 1 < rows.length && next != fed[i + 1]) {
            break; // the model leaves the draft here: what the draft fed after this is of no use
          }
        }
        if (session.length() > length - 1) {
          session.truncate(length - 1);
        }
        fed = cursor.toFeed(tokens, prompt.length, length, maxLength - length);
        stats.calls++;
        stats.fed += fed.length - 1;
        rows = fed.length == 1 ? session.next(fed) : session.nextTokens(fed);
      }
    }
    stats.sampled += length - prompt.length;
    return new GreedyDecoder.Result(Arrays.copyOf(tokens, length), prompt.length, noSpeech,
        Arrays.copyOf(logProbs, length - prompt.length));
  }

  /**
   * Where a draft stands against the picks: {@code draft[i + shift]} proposes sample {@code i}. A
   * pick that differs from its proposal puts the draft out of step; it is back in step where the
   * last two picks stand side by side in the draft within {@link #REALIGN} tokens (a word the
   * previous decode had not heard, or heard twice).
   */
  static final class Cursor {

    static final int REALIGN = 16;
    private final int[] draft;
    private int shift;

    Cursor(int[] draft) {
      this.draft = draft;
    }

    /**
     * What to feed after the last pick, {@code tokens[length - 1]}: the pick, then the draft's
     * tokens after it where the draft is in step (at most {@code room} tokens in all, since every fed
     * token gives a position's logits).
     */
    int[] toFeed(int[] tokens, int sampleBegin, int length, int room) {
      int index = length - 1 - sampleBegin;
      int picked = tokens[length - 1];
      int at = index + shift;
      if (at < 0 || at >= draft.length || draft[at] != picked) {
        at = find(tokens, length, at);
        if (at < 0) {
          return new int[] {picked};
        }
        shift = at - index;
      }
      int take = Math.max(0, Math.min(Math.min(MAX_FED - 1, draft.length - at - 1), room - 1));
      int[] fed = new int[1 + take];
      fed[0] = picked;
      System.arraycopy(draft, at + 1, fed, 1, take);
      return fed;
    }

    /** The draft index nearest {@code around} where the last two picks stand side by side; -1 if none. */
    private int find(int[] tokens, int length, int around) {
      if (length < 2) {
        return -1;
      }
      for (int d = 1; d <= REALIGN; d++) {
        for (int j : new int[] {around - d, around + d}) {
          if (j >= 1 && j < draft.length && draft[j] == tokens[length - 1] && draft[j - 1] == tokens[length - 2]) {
            return j;
          }
        }
      }
      return -1;
    }
  }

  /** The draft up to its first {@code <|endoftext|>} or out-of-range token (never fed: a decode stops there). */
  int[] usable(int[] draft) {
    if (draft == null) {
      return new int[0];
    }
    int end = 0;
    while (end < draft.length && draft[end] >= 0 && draft[end] < model.config().vocabSize()
        && draft[end] != model.tokenizer().eot()) {
      end++;
    }
    return Arrays.copyOf(draft, end);
  }

  /**
   * Whether a call on several tokens gives each position the logits of single-token calls: the
   * step graph masks attention causally. Checked once, on silent audio features: a graph without
   * the mask ({@code slim_step.py}'s fails, {@code fuse_step.py}'s differs); {@code _q8x} is not drafted.
   */
  boolean verifies() {
    Boolean known = verifies;
    if (known == null) {
      synchronized (this) {
        if (verifies == null) {
          verifies = !model.exactLogits() && probe();
        }
        known = verifies;
      }
    }
    return known;
  }

  private boolean probe() {
    WhisperConfig config = model.config();
    float[] silent = new float[config.maxSourcePositions() * config.dModel()];
    int[] prompt = {model.tokenizer().sot()};
    int[] pair = {1000, 2000};
    try (DecoderBatch many = new DecoderBatch(model, new float[][] {silent});
        DecoderBatch one = new DecoderBatch(model, new float[][] {silent})) {
      many.prompt(new int[][] {prompt});
      float[][] together = many.nextTokens(pair);
      one.prompt(new int[][] {prompt});
      double worst = 0;
      double scale = 1;
      for (int p = 0; p < pair.length; p++) {
        float[] alone = one.next(new int[] {pair[p]})[0];
        for (int t = 0; t < alone.length; t++) {
          worst = Math.max(worst, Math.abs(alone[t] - together[p][t]));
          scale = Math.max(scale, Math.abs(alone[t]));
        }
      }
      boolean agree = worst <= 1e-4 * scale;
      double diff = worst;
      LOG.info(() -> "Whisper decoder: drafted tokens " + (agree ? "verified " : "NOT verified ")
          + MAX_FED + " at a call (several tokens at once vs one by one: logits differ by " + diff + ")");
      return agree;
    } catch (AsrException e) {
      LOG.info(() -> "Whisper decoder: its step graph takes one token at a call (" + e.getMessage()
          + "); drafts are not used");
      return false;
    }
  }
}
