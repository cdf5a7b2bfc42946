package io.captiond.asr.pocketsphinx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SpokenFormsTest {

  @ParameterizedTest
  @ValueSource(strings = {"<s>", "</s>", "<sil>", "[NOISE]", "[SPEECH]", "[laughter]", "++UM++", " ", ""})
  void dropsSilenceSentenceMarksAndNoise(String token) {
    assertEquals(Optional.empty(), SpokenForms.of(token));
  }

  @Test
  void keepsAPlainWord() {
    assertEquals(Optional.of("country"), SpokenForms.of("country"));
  }

  @Test
  void stripsTheAlternatePronunciationNumber() {
    assertEquals(Optional.of("read"), SpokenForms.of("read(2)"));
    assertEquals(Optional.of("the"), SpokenForms.of("the(12)"));
  }

  @Test
  void keepsApostrophesAndInnerBrackets() {
    assertEquals(Optional.of("don't"), SpokenForms.of("don't"));
    assertEquals(Optional.of("a[b]c"), SpokenForms.of("a[b]c"));
  }
}
