package io.captiond.vad;

import io.captiond.media.Pcm16k;

/**
 * Where speech starts or ends, as a sample offset at 16 kHz from the start of the stream, padding
 * already applied. Edges are reported late (a START only once {@code minSpeechMs} of speech has
 * been heard, an END once {@code minSilenceMs} of silence has), but their offsets point back to
 * where the speech really began or ended.
 *
 * @param kind START or END
 * @param sample offset in samples, never negative
 */
public record SpeechEdge(Kind kind, long sample) {

  /** Which edge of a speech segment. */
  public enum Kind {
    START,
    END
  }

  public SpeechEdge {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    if (sample < 0) {
      throw new IllegalArgumentException("sample must not be negative, got " + sample);
    }
  }

  public static SpeechEdge start(long sample) {
    return new SpeechEdge(Kind.START, sample);
  }

  public static SpeechEdge end(long sample) {
    return new SpeechEdge(Kind.END, sample);
  }

  /** The offset in milliseconds, rounded down. */
  public long millis() {
    return Pcm16k.samplesToMs(sample);
  }
}
