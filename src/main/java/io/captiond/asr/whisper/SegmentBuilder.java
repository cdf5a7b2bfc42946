package io.captiond.asr.whisper;

import io.captiond.asr.Segment;
import io.captiond.asr.Word;
import io.captiond.asr.WordTimes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a window's sampled tokens into timed segments, as {@code whisper/transcribe.py} reads them:
 * {@code <|t0|> text <|t1|>} is a segment from t0 to t1; two timestamps in a row close one segment
 * and open the next; text left open at the end runs to the end of the window. Words split at
 * spaces (as Whisper's {@code split_tokens_on_spaces}) and share the segment's span in proportion
 * to their length: {@link io.captiond.asr.WordTiming#DERIVED}. Pure, no model.
 */
final class SegmentBuilder {

  private SegmentBuilder() {}

  /**
   * @param sampled tokens after the prompt, without {@code <|endoftext|>}
   * @param logProbs each sampled token's log-probability (same indices)
   * @param windowStartMs the window's start in stream time
   * @param windowMs the window's length; no time goes past it
   */
  static List<Segment> build(WhisperTokenizer tok, int[] sampled, double[] logProbs, long windowStartMs, long windowMs,
      double noSpeechProbability, double avgLogProbability) {
    List<Segment> segments = new ArrayList<>();
    long startMs = 0;
    int textFrom = -1;
    for (int i = 0; i <= sampled.length; i++) {
      boolean end = i == sampled.length;
      boolean timestamp = !end && tok.isTimestamp(sampled[i]);
      if (!end && !timestamp) {
        if (textFrom < 0) {
          textFrom = i;
        }
        continue;
      }
      long atMs = end ? windowMs : Math.min(windowMs, tok.timestampMillis(sampled[i]));
      if (textFrom >= 0) {
        long endMs = Math.max(startMs, atMs);
        Segment segment = segment(tok, sampled, logProbs, textFrom, i, windowStartMs + startMs,
            windowStartMs + endMs, noSpeechProbability, avgLogProbability);
        if (!segment.text().isBlank()) {
          segments.add(segment);
        }
        textFrom = -1;
      }
      startMs = atMs;
    }
    return segments;
  }

  private static Segment segment(WhisperTokenizer tok, int[] tokens, double[] logProbs, int from, int to,
      long startMs, long endMs, double noSpeech, double avgLogProb) {
    List<String> words = new ArrayList<>();
    List<Double> probabilities = new ArrayList<>();
    ByteArrayOutputStream word = new ByteArrayOutputStream();
    double logProbSum = 0;
    int count = 0;
    for (int i = from; i < to; i++) {
      byte[] bytes = tok.tokenBytes(tokens[i]);
      // a token starting with a space begins a new word (Whisper's split_tokens_on_spaces)
      if (word.size() > 0 && bytes.length > 0 && bytes[0] == ' ') {
        words.add(word.toString(StandardCharsets.UTF_8));
        probabilities.add(Math.exp(logProbSum / count));
        word.reset();
        logProbSum = 0;
        count = 0;
      }
      word.writeBytes(bytes);
      logProbSum += logProbs[i];
      count++;
    }
    if (word.size() > 0) {
      words.add(word.toString(StandardCharsets.UTF_8));
      probabilities.add(Math.exp(logProbSum / count));
    }
    String text = String.join("", words);
    List<Word> timed = WordTimes.byCharacters(words, probabilities, startMs, endMs);
    return new Segment(text, startMs, endMs, timed, noSpeech, avgLogProb);
  }
}
