package io.captiond.asr.whisper;

import io.captiond.settings.Check;
import io.captiond.settings.SettingException;
import java.util.List;
import java.util.Locale;

/**
 * How a Whisper model is run and decoded (keys {@code whisper.*}, named by the constants below; each
 * field is checked here and only here).
 *
 * @param threads ONNX Runtime intra-op threads per session run, 0 to 256: the size of the process's
 *     shared pool ({@link io.captiond.onnx.OnnxEnvironment}); 0: one per CPU
 * @param device where the model runs; CUDA falls back to the CPU with a log line
 * @param variant file-name suffix of the ONNX files: {@code ""} (float32), {@code _int8},
 *     {@code _quantized}, {@code _fp16}, {@code _q8x} (greedy only: {@link ExactLogits}), ...
 * @param beamSize 1: greedy; more: beam search with {@code patience}
 * @param patience Whisper's beam-search patience: stop after {@code round(beamSize * patience)} finished sequences
 * @param temperatures the decode is tried at each in turn until one passes the thresholds (Whisper's fallback)
 * @param compressionRatioThreshold a decode whose text gzips better than this is too repetitive
 * @param logProbThreshold a decode whose average token log-probability is below this is unsure
 * @param noSpeechThreshold above this no-speech probability (with an unsure decode) a window is silence
 * @param batchSize the most windows one batched run takes (1: no batching)
 * @param batchWaitMs how long a worker waits for more windows to fill a batch, 0 to 10 000
 */
public record WhisperSettings(int threads, Device device, String variant, int beamSize, double patience,
    List<Double> temperatures, double compressionRatioThreshold, double logProbThreshold, double noSpeechThreshold,
    int batchSize, long batchWaitMs) {

  public static final String MODELS = "whisper.models";
  public static final String THREADS = "whisper.threads";
  public static final String DEVICE = "whisper.device";
  public static final String VARIANT = "whisper.variant";
  public static final String BEAM_SIZE = "whisper.beam_size";
  public static final String TEMPERATURES = "whisper.temperatures";
  public static final String COMPRESSION_RATIO_THRESHOLD = "whisper.compression_ratio_threshold";
  public static final String LOGPROB_THRESHOLD = "whisper.logprob_threshold";
  public static final String NO_SPEECH_THRESHOLD = "whisper.no_speech_threshold";
  public static final String BATCH_SIZE = "whisper.batch_size";
  public static final String BATCH_WAIT_MS = "whisper.batch_wait_ms";

  /** Where ONNX Runtime runs the model. */
  public enum Device {
    CPU, CUDA, AUTO;

    /** {@code cpu}, {@code cuda} or {@code auto}. */
    public static Device parse(String text) {
      try {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new SettingException(DEVICE, "device must be cpu, cuda or auto, was '" + text + "'");
      }
    }
  }

  /** Whisper's {@code transcribe()} temperatures. */
  public static final List<Double> WHISPER_TEMPERATURES = List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0);

  public WhisperSettings {
    Check.range(THREADS, "threads", threads, 0, 256);
    Check.range(BEAM_SIZE, "beam size", beamSize, 1, 16);
    if (patience <= 0) {
      throw new IllegalArgumentException("patience must be positive, was " + patience);
    }
    temperatures = List.copyOf(temperatures);
    Check.require(TEMPERATURES, !temperatures.isEmpty() && temperatures.get(0) == 0.0
        && temperatures.stream().allMatch(t -> t >= 0 && t <= 2),
        "temperatures must start at 0.0 and lie in 0..2, were " + temperatures);
    Check.range(BATCH_SIZE, "batch size", batchSize, 1, 64);
    Check.range(BATCH_WAIT_MS, "batch wait", batchWaitMs, 0, 10_000);
    variant = variant == null ? "" : variant;
    Check.require(VARIANT, variant.matches("[A-Za-z0-9_-]{0,32}"),
        "variant must be a file-name suffix such as _int8, was '" + variant + "'");
  }

  /** Greedy, one temperature (no fallback), CPU, no batching: the decode the reference tests check. */
  public static WhisperSettings greedy(int threads) {
    return new WhisperSettings(threads, Device.CPU, "", 1, 1.0, List.of(0.0), 2.4, -1.0, 0.6, 1, 0);
  }

  public WhisperSettings withBeam(int size) {
    return new WhisperSettings(threads, device, variant, size, patience, temperatures, compressionRatioThreshold,
        logProbThreshold, noSpeechThreshold, batchSize, batchWaitMs);
  }

  public WhisperSettings withTemperatures(List<Double> list) {
    return new WhisperSettings(threads, device, variant, beamSize, patience, list, compressionRatioThreshold,
        logProbThreshold, noSpeechThreshold, batchSize, batchWaitMs);
  }

  public WhisperSettings withBatch(int size, long waitMs) {
    return new WhisperSettings(threads, device, variant, beamSize, patience, temperatures, compressionRatioThreshold,
        logProbThreshold, noSpeechThreshold, size, waitMs);
  }

  public WhisperSettings withDevice(Device where) {
    return new WhisperSettings(threads, where, variant, beamSize, patience, temperatures, compressionRatioThreshold,
        logProbThreshold, noSpeechThreshold, batchSize, batchWaitMs);
  }
}
