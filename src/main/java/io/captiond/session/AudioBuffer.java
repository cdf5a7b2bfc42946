package io.captiond.session;

import io.captiond.asr.AudioWindow;
import io.captiond.media.Pcm16k;
import java.util.Arrays;

/**
 * The recent audio of one stream, addressed by absolute sample offset (sample 0 is the stream's
 * first sample, which plays at {@code baseMs} in stream time). Grows on append, forgets what lies
 * before {@link #discardBefore}. Pure, single-threaded.
 */
final class AudioBuffer {

  private final long baseMs;
  private short[] samples = new short[Pcm16k.SAMPLE_RATE * 4];
  private long firstSample;
  private int length;

  AudioBuffer(long baseMs) {
    this.baseMs = baseMs;
  }

  /** Stream time of a sample offset. */
  long toStreamMs(long sample) {
    return baseMs + Pcm16k.samplesToMs(sample);
  }

  /** Samples [from, to), clipped to what is held, as a window to transcribe. */
  AudioWindow window(long from, long to) {
    return new AudioWindow(toStreamMs(from), copy(from, to));
  }

  void append(short[] more) {
    if (length + more.length > samples.length) {
      samples = Arrays.copyOf(samples, Math.max(samples.length * 2, length + more.length));
    }
    System.arraycopy(more, 0, samples, length, more.length);
    length += more.length;
  }

  /** One past the last sample held: the stream's position. */
  long end() {
    return firstSample + length;
  }

  long start() {
    return firstSample;
  }

  /** A copy of samples [from, to), clipped to what is held. */
  short[] copy(long from, long to) {
    long clippedFrom = Math.max(from, firstSample);
    long clippedTo = Math.min(to, end());
    if (clippedTo <= clippedFrom) {
      return new short[0];
    }
    int offset = (int) (clippedFrom - firstSample);
    return Arrays.copyOfRange(samples, offset, offset + (int) (clippedTo - clippedFrom));
  }

  void discardBefore(long sample) {
    int drop = (int) Math.min(Math.max(sample - firstSample, 0), length);
    if (drop == 0) {
      return;
    }
    System.arraycopy(samples, drop, samples, 0, length - drop);
    length -= drop;
    firstSample += drop;
  }
}
