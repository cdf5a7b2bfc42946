package io.captiond.media;

/**
 * The one audio format every stage after decoding speaks: 16 kHz mono signed 16-bit PCM (what the
 * Silero VAD and Whisper are trained on). The rate and the conversions between sample counts and
 * milliseconds live here and nowhere else.
 */
public final class Pcm16k {

  public static final int SAMPLE_RATE = 16_000;
  public static final int SAMPLES_PER_MS = SAMPLE_RATE / 1000;

  private Pcm16k() {}

  /** How long {@code samples} samples play, in whole milliseconds (rounded down). */
  public static long samplesToMs(long samples) {
    return samples / SAMPLES_PER_MS;
  }

  /** How many samples play in {@code ms} milliseconds. */
  public static long msToSamples(long ms) {
    return ms * SAMPLES_PER_MS;
  }
}
