package io.captiond.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captiond.asr.Word;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalAgreementTest {

  private final LocalAgreement agreement = new LocalAgreement(500);

  @Test
  void confirmsNothingFromASingleHypothesis() {
    assertEquals(List.of(), agreement.insert(words("the cat sat")));
    assertEquals("the cat sat", TimedWords.join(agreement.tail()));
  }

  @Test
  void confirmsTheSharedPrefixInTheNewerSpelling() {
    agreement.insert(words("the cat sat"));
    assertEquals("The cat,", TimedWords.join(agreement.insert(words("The cat, is"))));
    assertEquals("is", TimedWords.join(agreement.tail()));
    assertEquals(700, agreement.confirmedEndMs());
  }

  @Test
  void dropsWordsEndingByTheConfirmedEndAndARepeatAtTheSeam() {
    agreement.insert(words("one two three"));
    agreement.insert(words("one two three"));
    // "three" heard again ending later than before, then new words.
    List<Word> again = List.of(new Word("two", 400, 700, 1), new Word("three", 820, 1_150, 1),
        new Word("four", 1_200, 1_500, 1));
    assertEquals(List.of(), agreement.insert(again));
    assertEquals("four", TimedWords.join(agreement.tail()));
  }

  @Test
  void confirmsAFinalHypothesisWhole() {
    agreement.insert(words("a b c"));
    agreement.insert(words("a b d"));
    assertEquals("d e", TimedWords.join(agreement.insertFinal(words("a b d e"))));
    assertEquals(List.of(), agreement.tail());
  }

  @Test
  void forcesTheOldestTailWordsWhenAsked() {
    agreement.insert(words("x y z"));
    assertEquals("x y", TimedWords.join(agreement.confirmTailBefore(500)));
    assertEquals("z", TimedWords.join(agreement.tail()));
    assertEquals(700, agreement.confirmedEndMs());
  }

  @Test
  void dropsAWordLyingMostlyInConfirmedAudioEvenWhenHeardAsAnotherWord() {
    agreement.insertFinal(List.of(new Word("your", 0, 320, 1)));
    assertEquals(List.of(), agreement.insertFinal(List.of(new Word("yawn", 0, 400, 1))));
  }

  @Test
  void startsAWordOverlappingTheConfirmedEndWhereTheConfirmedAudioEnds() {
    agreement.insertFinal(List.of(new Word("kind", 0, 600, 1)));
    assertEquals(List.of(new Word("brain", 600, 1_000, 1)),
        agreement.insertFinal(List.of(new Word("brain", 540, 1_000, 1))));
  }

  /** A word every 400 ms from 0, each 300 ms long. */
  private static List<Word> words(String text) {
    String[] pieces = text.split(" ");
    Word[] out = new Word[pieces.length];
    for (int i = 0; i < pieces.length; i++) {
      out[i] = new Word(pieces[i], i * 400L, i * 400L + 300, 1);
    }
    return List.of(out);
  }
}
