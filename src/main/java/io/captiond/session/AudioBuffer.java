package io.captiond.session;

import java.util.Arrays;

/**
 * The recent audio of one stream, addressed by absolute sample offset (sample 0 is the stream's
 * first sample). Grows on append, forgets what lies before {@link #discardBefore}. Pure, single-threaded.
 */
final class AudioBuffer {

  private short[] samples = new short[16_000 * 4];
  private long firstSample;
  private int length;

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
