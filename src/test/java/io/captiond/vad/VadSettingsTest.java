package io.captiond.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class VadSettingsTest {

  private static final Path MODEL = Path.of("models/silero_vad_v5.onnx");

  @Test
  void defaultsFollowSileroWithALongerMinimumSilence() {
    VadSettings config = VadSettings.defaults(MODEL);
    assertEquals(0.5f, config.threshold());
    assertEquals(0.35f, config.negativeThreshold(), 1e-6f);
    assertEquals(4800, config.minSilenceSamples());
    assertEquals(4000, config.minSpeechSamples());
    assertEquals(3200, config.speechPadSamples());
    assertEquals(1, config.threads());
  }

  @Test
  void keepsTheNegativeThresholdAboveZero() {
    assertEquals(0.01f, new VadSettings(MODEL, 0.1f, 500, 250, 200, 1).negativeThreshold());
  }

  @Test
  void rejectsEachBadFieldByName() {
    rejects("model", () -> new VadSettings(null, 0.5f, 500, 250, 200, 1));
    rejects("threshold", () -> new VadSettings(MODEL, 0f, 500, 250, 200, 1));
    rejects("threshold", () -> new VadSettings(MODEL, 1f, 500, 250, 200, 1));
    rejects("threshold", () -> new VadSettings(MODEL, Float.NaN, 500, 250, 200, 1));
    rejects("minSilenceMs", () -> new VadSettings(MODEL, 0.5f, -1, 250, 200, 1));
    rejects("minSpeechMs", () -> new VadSettings(MODEL, 0.5f, 500, 60_001, 200, 1));
    rejects("speechPadMs", () -> new VadSettings(MODEL, 0.5f, 500, 250, -5, 1));
    rejects("threads", () -> new VadSettings(MODEL, 0.5f, 500, 250, 200, 0));
  }

  private static void rejects(String field, Executable construct) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
    assertTrue(e.getMessage().startsWith(field + " "), e.getMessage());
  }
}
