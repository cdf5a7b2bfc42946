package io.captiond.asr;

import java.util.List;

/**
 * A stretch of recognized text with its time span in stream milliseconds.
 *
 * @param words the words with times, empty where the engine gives none
 * @param noSpeechProbability the engine's belief that the segment holds no speech, 0 where unknown
 * @param avgLogProbability mean log-probability of the segment's tokens, 0 where unknown
 */
public record Segment(
    String text,
    long startMs,
    long endMs,
    List<Word> words,
    double noSpeechProbability,
    double avgLogProbability) {

  public Segment {
    words = List.copyOf(words);
    if (endMs < startMs) {
      throw new IllegalArgumentException("segment ends (" + endMs + ") before it starts (" + startMs + ")");
    }
  }

  public static Segment of(String text, long startMs, long endMs, List<Word> words) {
    return new Segment(text, startMs, endMs, words, 0, 0);
  }
}
