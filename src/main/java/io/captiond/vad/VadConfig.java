package io.captiond.vad;

import io.captiond.media.Pcm16k;
import java.nio.file.Path;

/**
 * Voice activity detection settings. The defaults follow Silero's own {@code get_speech_timestamps}
 * except the minimum silence, which is longer (500 ms instead of 100 ms) so that a caption is not
 * cut at every breath.
 *
 * @param model path of the Silero VAD v5 ONNX file
 * @param threshold speech probability at or above which a frame counts as speech, in (0, 1)
 * @param minSilenceMs silence (no frame at or above the threshold, after one below
 *     {@link #negativeThreshold()}) that ends speech, 0 to 60 000
 * @param minSpeechMs speech shorter than this is never reported, 0 to 60 000
 * @param speechPadMs padding added before each START and after each END, 0 to 10 000
 * @param threads ONNX Runtime intra-op threads for the shared model, 1 to 64
 */
public record VadConfig(
    Path model, float threshold, int minSilenceMs, int minSpeechMs, int speechPadMs, int threads) {

  /** Samples per frame: Silero VAD v5 takes exactly 512 new samples (32 ms) at 16 kHz. */
  public static final int FRAME_SAMPLES = 512;

  public static final float DEFAULT_THRESHOLD = 0.5f;
  public static final int DEFAULT_MIN_SILENCE_MS = 500;
  public static final int DEFAULT_MIN_SPEECH_MS = 250;
  public static final int DEFAULT_SPEECH_PAD_MS = 200;
  public static final int DEFAULT_THREADS = 1;

  /** Hysteresis below the threshold, as in Silero's {@code get_speech_timestamps}. */
  private static final float NEGATIVE_THRESHOLD_OFFSET = 0.15f;
  private static final float NEGATIVE_THRESHOLD_FLOOR = 0.01f;

  public VadConfig {
    if (model == null) {
      throw new IllegalArgumentException("model must not be null");
    }
    if (!(threshold > 0f && threshold < 1f)) {
      throw new IllegalArgumentException("threshold must be in (0, 1), got " + threshold);
    }
    requireRange("minSilenceMs", minSilenceMs, 0, 60_000);
    requireRange("minSpeechMs", minSpeechMs, 0, 60_000);
    requireRange("speechPadMs", speechPadMs, 0, 10_000);
    requireRange("threads", threads, 1, 64);
  }

  /** The default settings for the given model file. */
  public static VadConfig defaults(Path model) {
    return new VadConfig(model, DEFAULT_THRESHOLD, DEFAULT_MIN_SILENCE_MS, DEFAULT_MIN_SPEECH_MS,
        DEFAULT_SPEECH_PAD_MS, DEFAULT_THREADS);
  }

  /** Below this probability a frame counts as silence: threshold − 0.15, at least 0.01. */
  public float negativeThreshold() {
    return Math.max(threshold - NEGATIVE_THRESHOLD_OFFSET, NEGATIVE_THRESHOLD_FLOOR);
  }

  public long minSilenceSamples() {
    return msToSamples(minSilenceMs);
  }

  public long minSpeechSamples() {
    return msToSamples(minSpeechMs);
  }

  public long speechPadSamples() {
    return msToSamples(speechPadMs);
  }

  private static long msToSamples(int ms) {
    return Pcm16k.msToSamples(ms);
  }

  private static void requireRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
