package io.captiond.asr;

import java.util.List;
import java.util.stream.Collectors;

/** What an engine heard in one window: segments in stream time, in order. */
public record Transcript(List<Segment> segments, String language, WordTiming wordTiming) {

  public Transcript {
    segments = List.copyOf(segments);
  }

  public static Transcript empty(String language, WordTiming wordTiming) {
    return new Transcript(List.of(), language, wordTiming);
  }

  /** The segments' text joined by single spaces, trimmed. */
  public String text() {
    return segments.stream()
        .map(s -> s.text().strip())
        .filter(t -> !t.isEmpty())
        .collect(Collectors.joining(" "));
  }
}
