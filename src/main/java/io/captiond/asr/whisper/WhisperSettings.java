package io.captiond.asr.whisper;

import java.util.List;
import java.util.Locale;

/**
 * How a Whisper model is run and decoded (config keys {@code whisper.*}).
 *
 * @param threads ONNX Runtime intra-op threads per session run; 0 lets it choose
 * @param device where the model runs; CUDA falls back to the CPU with a log line
 * @param variant file-name suffix of the ONNX files: {@code ""} (float32), {@code _int8},
 *     {@code _quantized}, {@code _fp16}, ...
 * @param beamSize 1: greedy; more: beam search with {@code patience}
 * @param patience Whisper's beam-search patience: stop after {@code round(beamSize * patience)} finished sequences
 * @param temperatures the decode is tried at each in turn until one passes the thresholds (Whisper's fallback)
 * @param compressionRatioThreshold a decode whose text gzips better than this is too repetitive
 * @param logProbThreshold a decode whose average token log-probability is below this is unsure
 * @param noSpeechThreshold above this no-speech probability (with an unsure decode) a window is silence
 * @param batchSize the most windows one batched run takes (1: no batching)
 * @param batchWaitMs how long a worker waits for more windows to fill a batch
 */
public record WhisperSettings(int threads, Device device, String variant, int beamSize, double patience,
    List<Double> temperatures, double compressionRatioThreshold, double logProbThreshold, double noSpeechThreshold,
    int batchSize, long batchWaitMs) {

  /** Where ONNX Runtime runs the model. */
  public enum Device {
    CPU, CUDA, AUTO;

    /** {@code cpu}, {@code cuda} or {@code auto}. */
    public static Device parse(String text) {
      try {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("device must be cpu, cuda or auto, was '" + text + "'");
      }
    }
  }

  /** Whisper's {@code transcribe()} temperatures. */
  public static final List<Double> WHISPER_TEMPERATURES = List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0);

  public WhisperSettings {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be 0 or more, was " + threads);
    }
    if (beamSize < 1 || beamSize > 16) {
      throw new IllegalArgumentException("beam size must be 1 to 16, was " + beamSize);
    }
    if (patience <= 0) {
      throw new IllegalArgumentException("patience must be positive, was " + patience);
    }
    temperatures = List.copyOf(temperatures);
    if (temperatures.isEmpty() || temperatures.get(0) != 0.0
        || temperatures.stream().anyMatch(t -> !(t >= 0 && t <= 2))) {
      throw new IllegalArgumentException("temperatures must start at 0.0 and lie in 0..2, were " + temperatures);
    }
    if (batchSize < 1 || batchSize > 64) {
      throw new IllegalArgumentException("batch size must be 1 to 64, was " + batchSize);
    }
    if (batchWaitMs < 0) {
      throw new IllegalArgumentException("batch wait must be 0 ms or more, was " + batchWaitMs);
    }
    variant = variant == null ? "" : variant;
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
