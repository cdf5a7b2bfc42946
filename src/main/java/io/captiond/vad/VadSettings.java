package io.captiond.vad;

import io.captiond.media.Pcm16k;
import io.captiond.settings.Check;
import java.nio.file.Path;

/**
 * Voice activity detection settings (keys {@code vad.*}, named by the constants below). The defaults follow Silero's own {@code get_speech_timestamps}
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
public record VadSettings(
    Path model, float threshold, int minSilenceMs, int minSpeechMs, int speechPadMs, int threads) {

  public static final String MODEL = "vad.model";
  public static final String THRESHOLD = "vad.threshold";
  public static final String MIN_SILENCE_MS = "vad.min_silence_ms";
  public static final String MIN_SPEECH_MS = "vad.min_speech_ms";
  public static final String SPEECH_PAD_MS = "vad.speech_pad_ms";
  public static final String THREADS = "vad.threads";
  /** Samples per frame: Silero VAD v5 takes exactly 512 new samples (32 ms) at 16 kHz. */
  public static final int FRAME_SAMPLES = 512;

  public static final float DEFAULT_THRESHOLD = 0.5f;
  public static final int DEFAULT_MIN_SILENCE_MS = 300;
  public static final int DEFAULT_MIN_SPEECH_MS = 250;
  public static final int DEFAULT_SPEECH_PAD_MS = 200;
  public static final int DEFAULT_THREADS = 1;

  /** Hysteresis below the threshold, as in Silero's {@code get_speech_timestamps}. */
  private static final float NEGATIVE_THRESHOLD_OFFSET = 0.15f;
  private static final float NEGATIVE_THRESHOLD_FLOOR = 0.01f;

  public VadSettings {
    Check.require(MODEL, model != null, "model must not be null");
    Check.require(THRESHOLD, threshold > 0f && threshold < 1f, "threshold must be in (0, 1), got " + threshold);
    Check.range(MIN_SILENCE_MS, "minSilenceMs", minSilenceMs, 0, 60_000);
    Check.range(MIN_SPEECH_MS, "minSpeechMs", minSpeechMs, 0, 60_000);
    Check.range(SPEECH_PAD_MS, "speechPadMs", speechPadMs, 0, 10_000);
    Check.range(THREADS, "threads", threads, 1, 64);
  }

  /** The default settings for the given model file. */
  public static VadSettings defaults(Path model) {
    return new VadSettings(model, DEFAULT_THRESHOLD, DEFAULT_MIN_SILENCE_MS, DEFAULT_MIN_SPEECH_MS,
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

}
