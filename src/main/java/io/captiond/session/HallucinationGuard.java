package io.captiond.session;

import io.captiond.asr.CompressionRatio;
import io.captiond.asr.Segment;
import io.captiond.asr.Transcript;
import io.captiond.asr.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pure checks against what Whisper-like recognizers make up on noise or silence: a window judged
 * to hold no speech, a phrase looping over and over, text so repetitive it compresses too well.
 * The thresholds are Whisper's own (its {@code transcribe} defaults).
 */
public final class HallucinationGuard {

  /**
   * Thresholds.
   *
   * @param noSpeechProbability a transcript is no speech when every segment's no-speech probability is above this...
   * @param avgLogProbability ...and every segment's mean token log-probability is below this (Whisper: 0.6 and -1)
   * @param compressionRatio text whose UTF-8 bytes are more than this many times its zlib-compressed size is rejected (2.4)
   * @param maxNgram the longest phrase, in words, looked for in loops
   * @param maxRepeats a phrase said more than this many times in a row is a loop and cut to one
   */
  public record Config(
      double noSpeechProbability, double avgLogProbability, double compressionRatio, int maxNgram, int maxRepeats) {

    public Config {
      if (!(noSpeechProbability > 0 && noSpeechProbability <= 1)) {
        throw new IllegalArgumentException("no-speech probability threshold must be in (0, 1], was " + noSpeechProbability);
      }
      if (!(avgLogProbability <= 0)) {
        throw new IllegalArgumentException("log-probability threshold must be <= 0, was " + avgLogProbability);
      }
      if (!(compressionRatio > 1)) {
        throw new IllegalArgumentException("compression ratio threshold must be > 1, was " + compressionRatio);
      }
      if (maxNgram < 1 || maxNgram > 16) {
        throw new IllegalArgumentException("max n-gram must be 1..16 words, was " + maxNgram);
      }
      if (maxRepeats < 1) {
        throw new IllegalArgumentException("max repeats must be >= 1, was " + maxRepeats);
      }
    }

    public static Config defaults() {
      return new Config(0.6, -1.0, 2.4, 8, 3);
    }
  }

  private final Config config;

  public HallucinationGuard(Config config) {
    this.config = config;
  }

  /**
   * The words of {@code transcript} worth keeping, loops cut; empty when the transcript is to be
   * dropped as a whole (no speech, or too repetitive even after the loops were cut).
   */
  public Optional<List<Word>> screen(Transcript transcript, List<Word> words) {
    if (isNoSpeech(transcript)) {
      return Optional.empty();
    }
    List<Word> kept = cutLoops(words);
    if (compressionRatio(TimedWords.join(kept)) > config.compressionRatio()) {
      return Optional.empty();
    }
    return Optional.of(kept);
  }

  /**
   * Whisper's rule, applied to the whole transcript: every segment is likely silence
   * ({@code no_speech_prob > 0.6}) and was decoded without confidence ({@code avg_logprob < -1}).
   * An empty transcript is not "no speech": there is nothing to drop. Engines that report neither
   * value give 0 for both, which never trips the rule.
   */
  public boolean isNoSpeech(Transcript transcript) {
    List<Segment> segments = transcript.segments();
    return !segments.isEmpty() && segments.stream().allMatch(s ->
        s.noSpeechProbability() > config.noSpeechProbability()
            && s.avgLogProbability() < config.avgLogProbability());
  }

  /**
   * Cuts loops: where the same phrase of 1..maxNgram words (compared case- and
   * punctuation-insensitively) comes more than maxRepeats times in a row, only its first
   * occurrence is kept. Shorter phrases are cut first, so "no no no no" becomes "no".
   */
  public List<Word> cutLoops(List<Word> words) {
    List<Word> out = new ArrayList<>(words);
    for (int n = 1; n <= config.maxNgram(); n++) {
      out = cutLoopsOf(out, n);
    }
    return out;
  }

  private List<Word> cutLoopsOf(List<Word> words, int n) {
    List<String> keys = words.stream().map(w -> TimedWords.normalize(w.text())).toList();
    List<Word> out = new ArrayList<>();
    int i = 0;
    while (i < words.size()) {
      int repeats = 1;
      while (i + (repeats + 1) * n <= words.size() && samePhrase(keys, i, i + repeats * n, n)) {
        repeats++;
      }
      if (repeats > config.maxRepeats()) {
        out.addAll(words.subList(i, i + n));
        i += repeats * n;
      } else {
        out.add(words.get(i));
        i++;
      }
    }
    return out;
  }

  private static boolean samePhrase(List<String> keys, int a, int b, int n) {
    for (int k = 0; k < n; k++) {
      if (!keys.get(a + k).equals(keys.get(b + k))) {
        return false;
      }
    }
    return true;
  }

  /** Whisper's {@code compression_ratio} (see {@link CompressionRatio}). */
  public static double compressionRatio(String text) {
    return CompressionRatio.of(text);
  }
}
