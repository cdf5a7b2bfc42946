package io.captiond.asr.pocketsphinx;

/**
 * Adds one least-significant bit of noise to every sample. Digital silence (runs of exact zeros)
 * gives the front end log(0) energies, and the search then hears words in it; the smallest noise
 * removes that. pocketsphinx's own {@code -dither} draws from a process-wide random generator that
 * concurrent decoders would share, so the same window could decode differently from call to call.
 * Here the noise is the same for every call, and an utterance fed piece by piece through one
 * {@code Dither} gets the very noise it would get whole.
 */
final class Dither {

  private static final long SEED = 0x9E3779B97F4A7C15L;

  private long state = SEED;

  /** The whole window as one utterance: noise from the start of the sequence. */
  static short[] apply(short[] samples) {
    return new Dither().next(samples);
  }

  /** The next samples of the utterance, with the noise continuing from the samples before. */
  short[] next(short[] samples) {
    short[] out = new short[samples.length];
    for (int i = 0; i < samples.length; i++) {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      int bit = (state & 1) == 0 ? -1 : 1;
      out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, samples[i] + bit));
    }
    return out;
  }
}
