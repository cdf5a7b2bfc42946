package io.captiond.asr;

import io.captiond.media.Pcm16k;
import java.util.Objects;

/**
 * A window of audio to transcribe: 16 kHz mono samples as signed 16-bit PCM, starting at
 * {@code startMs} in stream time.
 */
public record AudioWindow(long startMs, short[] samples) {

  public AudioWindow {
    Objects.requireNonNull(samples, "samples");
    if (startMs < 0) {
      throw new IllegalArgumentException("startMs must be >= 0, was " + startMs);
    }
  }

  public long durationMs() {
    return Pcm16k.samplesToMs(samples.length);
  }

  public long endMs() {
    return startMs + durationMs();
  }

  /** Samples as floats in [-1, 1), the form neural models take. */
  public float[] floatSamples() {
    float[] out = new float[samples.length];
    for (int i = 0; i < samples.length; i++) {
      out[i] = samples[i] / 32768f;
    }
    return out;
  }
}
