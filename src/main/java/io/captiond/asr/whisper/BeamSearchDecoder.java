package io.captiond.asr.whisper;

import io.captiond.asr.AsrException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whisper's beam search ({@code BeamSearchDecoder} and {@code MaximumLikelihoodRanker} of
 * {@code whisper/decoding.py}) for one window: {@code beamSize} sequences step together as the rows
 * of a {@link DecoderBatch}; each step every beam proposes its {@code beamSize + 1} likeliest next
 * tokens under {@link TimestampRules}, the likeliest {@code beamSize} unfinished sequences go on
 * (their caches reordered), sequences ending in {@code <|endoftext|>} are kept until
 * {@code round(beamSize * patience)} have finished. The sequence with the highest summed
 * log-probability over its length wins. With {@code beamSize} 1 it gives the greedy decode.
 */
public final class BeamSearchDecoder {

  private final WhisperModel model;
  private final TimestampRules rules;

  public BeamSearchDecoder(WhisperModel model) {
    this.model = model;
    this.rules = new GreedyDecoder(model).rules();
  }

  /** A finished sequence, prompt included, with each sampled token's log-probability. */
  private record Candidate(int[] tokens, double[] logProbs, double sum) {}

  public GreedyDecoder.Result decode(float[] audio, int[] prompt, int sampleLen, int beamSize, double patience)
      throws AsrException {
    if (model.exactLogits()) {
      throw new AsrException("beam search on a model with approximate logits (the _q8x layout): its tokens are exact"
          + " with greedy decoding only (whisper.beam_size 1)");
    }
    WhisperTokenizer tokenizer = model.tokenizer();
    int eot = tokenizer.eot();
    int maxCandidates = (int) Math.round(beamSize * patience);
    int promptLength = prompt.length;
    int maxLength = Math.min(promptLength + sampleLen, model.config().maxTargetPositions());
    float[][] rowAudio = new float[beamSize][];
    int[][] beams = new int[beamSize][];
    double[][] beamLogProbs = new double[beamSize][];
    double[] sums = new double[beamSize];
    Arrays.fill(rowAudio, audio);
    Arrays.fill(beams, prompt);
    Arrays.fill(beamLogProbs, new double[0]);
    Map<List<Integer>, Candidate> finished = new LinkedHashMap<>();
    double noSpeech = 0;
    try (DecoderBatch batch = new DecoderBatch(model, rowAudio)) {
      float[][] logits = batch.prompt(beams);
      noSpeech = batch.noSpeechProbability(0, prompt);
      for (int length = promptLength; length < maxLength; length++) {
        // every beam's beamSize + 1 best continuations; a sequence proposed twice keeps the later score
        Map<List<Integer>, Candidate> scores = new LinkedHashMap<>();
        Map<List<Integer>, Integer> sources = new LinkedHashMap<>();
        for (int j = 0; j < beamSize; j++) {
          float[] row = logits[j];
          double logZ = rules.apply(row, beams[j], length, promptLength);
          for (int token : topK(row, beamSize + 1)) {
            double logProb = row[token] - logZ;
            int[] sequence = Arrays.copyOf(beams[j], length + 1);
            sequence[length] = token;
            double[] logProbs = Arrays.copyOf(beamLogProbs[j], beamLogProbs[j].length + 1);
            logProbs[logProbs.length - 1] = logProb;
            List<Integer> key = Arrays.stream(sequence).boxed().toList();
            scores.put(key, new Candidate(sequence, logProbs, sums[j] + logProb));
            sources.put(key, j);
          }
        }
        List<Map.Entry<List<Integer>, Candidate>> ranked = new ArrayList<>(scores.entrySet());
        ranked.sort(Comparator.comparingDouble((Map.Entry<List<Integer>, Candidate> e) -> e.getValue().sum()).reversed());
        Map<List<Integer>, Candidate> newlyFinished = new LinkedHashMap<>();
        int[] source = new int[beamSize];
        int[][] nextBeams = new int[beamSize][];
        double[][] nextLogProbs = new double[beamSize][];
        double[] nextSums = new double[beamSize];
        int saved = 0;
        for (Map.Entry<List<Integer>, Candidate> entry : ranked) {
          Candidate candidate = entry.getValue();
          if (candidate.tokens()[length] == eot) {
            newlyFinished.put(entry.getKey(), candidate);
          } else {
            source[saved] = sources.get(entry.getKey());
            nextBeams[saved] = candidate.tokens();
            nextLogProbs[saved] = candidate.logProbs();
            nextSums[saved] = candidate.sum();
            if (++saved == beamSize) {
              break;
            }
          }
        }
        for (Map.Entry<List<Integer>, Candidate> entry : newlyFinished.entrySet()) {
          if (finished.size() >= maxCandidates) {
            break;
          }
          finished.put(entry.getKey(), entry.getValue());
        }
        if (saved < beamSize) {
          // every continuation ended (only where nearly the whole vocabulary is masked): pad with the best
          for (int s = saved; s < beamSize; s++) {
            source[s] = source[0];
            nextBeams[s] = nextBeams[0] == null ? Arrays.copyOf(beams[0], length + 1) : nextBeams[0];
            nextLogProbs[s] = nextLogProbs[0] == null ? beamLogProbs[0] : nextLogProbs[0];
            nextSums[s] = Double.NEGATIVE_INFINITY;
          }
        }
        beams = nextBeams;
        beamLogProbs = nextLogProbs;
        sums = nextSums;
        if (finished.size() >= maxCandidates || length + 1 >= maxLength) {
          break;
        }
        batch.select(source);
        int[] fed = new int[beamSize];
        for (int j = 0; j < beamSize; j++) {
          fed[j] = beams[j][length];
        }
        logits = batch.next(fed);
      }
    }
    // not enough finished: the live beams count as finished, best first (Whisper's finalize)
    if (finished.size() < beamSize) {
      Integer[] order = new Integer[beamSize];
      for (int j = 0; j < beamSize; j++) {
        order[j] = j;
      }
      double[] finalSums = sums;
      Arrays.sort(order, Comparator.comparingDouble((Integer j) -> finalSums[j]).reversed());
      for (int j : order) {
        int[] sequence = Arrays.copyOf(beams[j], beams[j].length + 1);
        sequence[sequence.length - 1] = eot;
        finished.putIfAbsent(Arrays.stream(sequence).boxed().toList(),
            new Candidate(sequence, beamLogProbs[j], sums[j]));
        if (finished.size() >= beamSize) {
          break;
        }
      }
    }
    Candidate best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (Candidate candidate : finished.values()) {
      int sampled = candidate.tokens().length - promptLength - 1; // without the end
      double score = candidate.sum() / Math.max(1, sampled);
      if (best == null || score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    return new GreedyDecoder.Result(best.tokens(), promptLength, noSpeech, best.logProbs());
  }


  /** Indices of the {@code k} largest values, largest first; ties: the lower index first. */
  static int[] topK(float[] values, int k) {
    int[] best = new int[Math.min(k, values.length)];
    Arrays.fill(best, -1);
    for (int i = 0; i < values.length; i++) {
      int at = best.length;
      while (at > 0 && (best[at - 1] < 0 || values[i] > values[best[at - 1]])) {
        at--;
      }
      if (at < best.length) {
        System.arraycopy(best, at, best, at + 1, best.length - at - 1);
        best[at] = i;
      }
    }
    return best;
  }
}
