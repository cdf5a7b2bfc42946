package io.captiond.asr.whisper;

/**
 * The triangular mel filterbank Whisper projects its power spectrum with: the same numbers as
 * {@code librosa.filters.mel(sr=16000, n_fft=400, n_mels=N)} (Slaney's mel scale, linear below
 * 1 kHz and logarithmic above, each triangle scaled to unit area by the {@code norm="slaney"} rule),
 * which is what Whisper's {@code mel_filters.npz} holds. Computed here rather than shipped as data.
 */
public final class MelFilterbank {

  /** Slaney's scale: 200/3 Hz per mel below 1 kHz. */
  private static final double HZ_PER_MEL = 200.0 / 3.0;
  private static final double LOG_REGION_HZ = 1000.0;
  private static final double LOG_REGION_MEL = LOG_REGION_HZ / HZ_PER_MEL;
  /** Above 1 kHz a mel step multiplies the frequency by 6.4^(1/27). */
  private static final double LOG_STEP = Math.log(6.4) / 27.0;

  private MelFilterbank() {}

  static double hzToMel(double hz) {
    return hz < LOG_REGION_HZ ? hz / HZ_PER_MEL : LOG_REGION_MEL + Math.log(hz / LOG_REGION_HZ) / LOG_STEP;
  }

  static double melToHz(double mel) {
    return mel < LOG_REGION_MEL ? mel * HZ_PER_MEL : LOG_REGION_HZ * Math.exp(LOG_STEP * (mel - LOG_REGION_MEL));
  }

  /**
   * Filter weights as {@code [nMels][nFft / 2 + 1]}, from 0 Hz to the Nyquist frequency.
   *
   * @throws IllegalArgumentException if a size is not positive
   */
  public static double[][] create(int sampleRate, int nFft, int nMels) {
    if (sampleRate <= 0 || nFft <= 0 || nMels <= 0) {
      throw new IllegalArgumentException("sampleRate, nFft and nMels must be positive, were "
          + sampleRate + ", " + nFft + ", " + nMels);
    }
    int bins = nFft / 2 + 1;
    double nyquist = sampleRate / 2.0;
    // nMels + 2 band edges evenly spaced in mel from 0 Hz to Nyquist
    double maxMel = hzToMel(nyquist);
    double[] edgesHz = new double[nMels + 2];
    for (int i = 0; i < edgesHz.length; i++) {
      edgesHz[i] = melToHz(maxMel * i / (nMels + 1));
    }
    double[][] weights = new double[nMels][bins];
    for (int m = 0; m < nMels; m++) {
      double lower = edgesHz[m];
      double centre = edgesHz[m + 1];
      double upper = edgesHz[m + 2];
      // norm="slaney": each triangle has area 1 in Hz, i.e. height 2 / (upper - lower)
      double scale = 2.0 / (upper - lower);
      for (int k = 0; k < bins; k++) {
        double hz = (double) sampleRate * k / nFft; // numpy.fft.rfftfreq
        double rising = (hz - lower) / (centre - lower);
        double falling = (upper - hz) / (upper - centre);
        weights[m][k] = Math.max(0.0, Math.min(rising, falling)) * scale;
      }
    }
    return weights;
  }
}
