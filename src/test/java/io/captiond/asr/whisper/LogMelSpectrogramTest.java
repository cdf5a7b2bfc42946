package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captiond.asr.AudioWindow;
import io.captiond.testing.WavFile;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogMelSpectrogramTest {

  /** Reference: a float64 numpy implementation in make_synthetic_whisper.py, from Whisper's audio.py. */
  @ParameterizedTest
  @CsvSource({"jfk,80", "jfk,128", "jfk_4s,80", "chirp_1s,80", "chirp_1s,128"})
  void matchesIndependentNumpyReference(String input, int nMels) throws Exception {
    Path dir = SyntheticWhisper.ensure("none");
    JsonObject entry = SyntheticWhisper.reference(dir).getJsonArray("inputs").stream()
        .map(JsonObject.class::cast).filter(o -> o.getString("name").equals(input)).findFirst().orElseThrow();
    short[] samples = WavFile.read16kMono(dir.resolve(entry.getString("wav")));
    Npy expected = Npy.read(dir.resolve(entry.getJsonObject("mel").getString(String.valueOf(nMels))));

    long started = System.nanoTime();
    LogMelSpectrogram.Features actual = new LogMelSpectrogram(nMels).chunk(new AudioWindow(0, samples).floatSamples());
    long took = System.nanoTime() - started;

    assertEquals(nMels, actual.nMels());
    assertEquals(LogMelSpectrogram.CHUNK_FRAMES, actual.nFrames());
    assertEquals(nMels, expected.shape()[0]);
    assertEquals(3000, expected.shape()[1]);
    double worst = 0;
    for (int i = 0; i < expected.data().length; i++) {
      worst = Math.max(worst, Math.abs(actual.values()[i] - expected.data()[i]));
    }
    System.out.printf("%s mel%d: max |java - numpy| = %.3g, %.1f ms for 30 s%n", input, nMels, worst, took / 1e6);
    assertEquals(0, worst, 1e-4, "largest log-mel difference, " + input + " mel" + nMels);
  }

  @Test
  void givesOneFramePerHopWithoutPadding() {
    float[] audio = new float[16_000];
    audio[8000] = 1f;
    assertEquals(100, new LogMelSpectrogram(80).compute(audio).nFrames());
  }

  @Test
  void floorsSilenceEightBelowTheLoudestValue() {
    float[] audio = new float[16_000];
    for (int i = 0; i < 1600; i++) {
      audio[i] = (float) Math.sin(i * 0.3);
    }
    LogMelSpectrogram.Features features = new LogMelSpectrogram(80).chunk(audio);
    float max = Float.NEGATIVE_INFINITY;
    float min = Float.POSITIVE_INFINITY;
    for (float v : features.values()) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    assertEquals(max - 2.0f, min, 1e-5f, "floor is max - 8 in log10, i.e. 2 after (x + 4) / 4");
  }

  @Test
  void rejectsAudioTooShortToReflect() {
    assertThrows(IllegalArgumentException.class, () -> new LogMelSpectrogram(80).compute(new float[200]));
  }
}
