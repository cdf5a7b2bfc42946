package io.captiond.asr.whisper;

import io.captiond.media.Pcm16k;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Whisper's input features: the log-mel spectrogram of {@code whisper/audio.py}
 * ({@code log_mel_spectrogram}), computed in double precision.
 *
 * <p>Steps, each as Whisper does them: a 400-sample periodic Hann window hopping 160 samples
 * (25 ms / 10 ms at 16 kHz); {@code torch.stft(center=True)}, i.e. the signal reflect-padded by 200
 * samples at both ends; the power {@code |X|^2} of each frame with the last frame dropped, so
 * {@code n} samples give {@code n / 160} frames; the mel filterbank; {@code log10(max(x, 1e-10))};
 * everything more than 8 (i.e. 80 dB) below the maximum raised to it; then {@code (x + 4) / 4}.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class LogMelSpectrogram {

  /** Whisper hears what the whole pipeline carries: {@link Pcm16k}. */
  public static final int SAMPLE_RATE = Pcm16k.SAMPLE_RATE;
  public static final int N_FFT = 400;
  public static final int HOP_LENGTH = 160;
  /** Whisper's encoder always sees 30 s: 480,000 samples, 3,000 frames. */
  public static final int CHUNK_SAMPLES = 30 * SAMPLE_RATE;
  public static final int CHUNK_FRAMES = CHUNK_SAMPLES / HOP_LENGTH;

  private static final double[] WINDOW = periodicHann(N_FFT);

  private final int nMels;
  /** Non-zero span of each filter, so the projection skips the zeros. */
  private final int[] firstBin;
  private final double[][] filters;

  /**
   * @param nMels 80 (Whisper up to large-v2) or 128 (large-v3); any positive count works
   */
  public LogMelSpectrogram(int nMels) {
    this.nMels = nMels;
    double[][] full = MelFilterbank.create(SAMPLE_RATE, N_FFT, nMels);
    this.firstBin = new int[nMels];
    this.filters = new double[nMels][];
    for (int m = 0; m < nMels; m++) {
      int lo = 0;
      while (lo < full[m].length && full[m][lo] == 0) {
        lo++;
      }
      int hi = full[m].length;
      while (hi > lo && full[m][hi - 1] == 0) {
        hi--;
      }
      firstBin[m] = lo;
      filters[m] = java.util.Arrays.copyOfRange(full[m], lo, hi);
    }
  }

  public int nMels() {
    return nMels;
  }

  /**
   * The features of one 30 s encoder window: the audio zero-padded or cut to 480,000 samples first
   * (Whisper's {@code pad_or_trim(audio)} before {@code log_mel_spectrogram}), so always 3,000 frames.
   */
  public Features chunk(float[] audio) {
    float[] fitted = audio.length == CHUNK_SAMPLES ? audio : java.util.Arrays.copyOf(audio, CHUNK_SAMPLES);
    return compute(fitted);
  }

  /**
   * The features of {@code audio} as it is: {@code audio.length / 160} frames.
   *
   * @throws IllegalArgumentException if the audio is shorter than 201 samples, the least that
   *     reflect padding by 200 samples accepts
   */
  public Features compute(float[] audio) {
    int n = audio.length;
    int pad = N_FFT / 2;
    if (n <= pad) {
      throw new IllegalArgumentException("need more than " + pad + " samples for reflect padding, got " + n);
    }
    int frames = n / HOP_LENGTH;
    double[] mel = new double[nMels * frames];
    double[] buffer = new double[N_FFT];
    double[] power = new double[N_FFT / 2 + 1];
    DoubleFFT_1D fft = new DoubleFFT_1D(N_FFT);
    for (int t = 0; t < frames; t++) {
      int start = t * HOP_LENGTH - pad;
      for (int i = 0; i < N_FFT; i++) {
        buffer[i] = audio[reflect(start + i, n)] * WINDOW[i];
      }
      fft.realForward(buffer);
      // realForward packs Re[0], Re[n/2], then (Re[k], Im[k]) pairs
      power[0] = buffer[0] * buffer[0];
      power[N_FFT / 2] = buffer[1] * buffer[1];
      for (int k = 1; k < N_FFT / 2; k++) {
        power[k] = buffer[2 * k] * buffer[2 * k] + buffer[2 * k + 1] * buffer[2 * k + 1];
      }
      for (int m = 0; m < nMels; m++) {
        double sum = 0;
        double[] filter = filters[m];
        int lo = firstBin[m];
        for (int j = 0; j < filter.length; j++) {
          sum += filter[j] * power[lo + j];
        }
        mel[m * frames + t] = sum;
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < mel.length; i++) {
      mel[i] = Math.log10(Math.max(mel[i], 1e-10));
      max = Math.max(max, mel[i]);
    }
    float[] out = new float[mel.length];
    double floor = max - 8.0;
    for (int i = 0; i < mel.length; i++) {
      out[i] = (float) ((Math.max(mel[i], floor) + 4.0) / 4.0);
    }
    return new Features(nMels, frames, out);
  }

  /** numpy's "reflect" padding: the edge sample is not repeated. */
  private static int reflect(int i, int n) {
    if (i < 0) {
      return -i;
    }
    if (i >= n) {
      return 2 * (n - 1) - i;
    }
    return i;
  }

  /** {@code torch.hann_window(n)}: periodic, i.e. the first n points of an (n + 1)-point window. */
  private static double[] periodicHann(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
    }
    return w;
  }

  /**
   * Log-mel features laid out {@code [nMels][nFrames]} in row-major order, the layout of the
   * encoder's {@code input_features [batch, n_mels, 3000]}.
   */
  public record Features(int nMels, int nFrames, float[] values) {

    public Features {
      if (values.length != nMels * nFrames) {
        throw new IllegalArgumentException("values hold " + values.length + " numbers, not "
            + nMels + " x " + nFrames);
      }
    }

    public float get(int mel, int frame) {
      return values[mel * nFrames + frame];
    }

    /** Whether every value is a finite number (a NaN would spread through the whole batch's encoder run). */
    public boolean allFinite() {
      for (float v : values) {
        if (!Float.isFinite(v)) {
          return false;
        }
      }
      return true;
    }
  }
}
