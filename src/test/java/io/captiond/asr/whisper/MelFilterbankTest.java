package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.captiond.testing.Fixtures;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MelFilterbankTest {

  @ParameterizedTest
  @ValueSource(ints = {80, 128})
  void equalsWhisperShippedFilters(int nMels) throws IOException {
    Map<String, Npy> shipped = Npy.readNpz(Fixtures.file("whisper/mel_filters.npz"));
    Npy expected = shipped.get("mel_" + nMels);
    assertEquals(nMels, expected.shape()[0]);
    assertEquals(201, expected.shape()[1]);

    double[][] actual = MelFilterbank.create(16_000, 400, nMels);

    double worst = 0;
    for (int m = 0; m < nMels; m++) {
      for (int k = 0; k < 201; k++) {
        worst = Math.max(worst, Math.abs(actual[m][k] - expected.data()[m * 201 + k]));
      }
    }
    System.out.printf("mel_%d: max |ours - mel_filters.npz| = %.3g%n", nMels, worst);
    assertEquals(0, worst, 1e-6, "largest difference from mel_filters.npz mel_" + nMels);
  }

  @Test
  void rejectsNonPositiveSizes() {
    assertThrows(IllegalArgumentException.class, () -> MelFilterbank.create(16_000, 400, 0));
  }
}
