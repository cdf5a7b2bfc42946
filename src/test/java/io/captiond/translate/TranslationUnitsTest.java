package io.captiond.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TranslationUnitsTest {

  static final TranslationUnits.Limits LIMITS = new TranslationUnits.Limits(8, 5_000, 700);

  /** Words spoken back to back from {@code startMs}, each 300 ms with 50 ms between them. */
  static List<TimedText> spoken(long startMs, String text) {
    List<TimedText> words = new ArrayList<>();
    long at = startMs;
    for (String word : text.split(" ")) {
      words.add(new TimedText(word, at, at + 300));
      at += 350;
    }
    return words;
  }

  static List<String> texts(List<TranslationUnit> units) {
    return units.stream().map(TranslationUnit::text).toList();
  }

  @Test
  void endsAUnitAfterEachSentence() {
    List<TranslationUnit> units = TranslationUnits.split(spoken(1_000, "Hello there. How are you? Fine!"), LIMITS);

    assertEquals(List.of("Hello there.", "How are you?", "Fine!"), texts(units));
    assertEquals(new TranslationUnit("Hello there.", 1_000, 1_650), units.get(0));
    assertEquals(new TranslationUnit("How are you?", 1_700, 2_700), units.get(1));
    assertEquals(new TranslationUnit("Fine!", 2_750, 3_050), units.get(2));
  }

  @Test
  void returnsASentenceAsSoonAsItsLastWordIsConfirmed() {
    TranslationUnits units = new TranslationUnits(LIMITS);

    assertEquals(List.of(), units.add(spoken(0, "The cat")));
    assertEquals(List.of("The cat sat."), texts(units.add(List.of(new TimedText("sat.", 700, 1_000)))));
    assertFalse(units.hasOpenWords());
  }

  @Test
  void doesNotEndASentenceAtAnAbbreviationOrAnInitial() {
    List<TranslationUnit> units = TranslationUnits.split(spoken(0, "Mr. Smith met J. Doe today."), LIMITS);

    assertEquals(List.of("Mr. Smith met J. Doe today."), texts(units));
  }

  @Test
  void endsASentenceBeforeAClosingQuote() {
    assertEquals(List.of("He said \"stop!\"", "Then left."),
        texts(TranslationUnits.split(spoken(0, "He said \"stop!\" Then left."), LIMITS)));
  }

  @Test
  void endsAClauseAtAPauseEvenWithoutPunctuation() {
    List<TimedText> words = new ArrayList<>(spoken(0, "so we went home"));
    words.addAll(spoken(1_400 + 700, "and then we slept"));

    List<TranslationUnit> units = TranslationUnits.split(words, LIMITS);

    assertEquals(List.of("so we went home", "and then we slept"), texts(units));
    assertEquals(1_350, units.get(0).endMs());
    assertEquals(2_100, units.get(1).startMs());
  }

  @Test
  void keepsWordsTogetherAcrossAGapShorterThanAPause() {
    List<TimedText> words = new ArrayList<>(spoken(0, "so we went"));
    words.addAll(spoken(1_000 + 699, "home."));  // "went" ends at 1000

    assertEquals(List.of("so we went home."), texts(TranslationUnits.split(words, LIMITS)));
  }

  @Test
  void closesTheOpenClauseOnceAPauseHasPassedWithNoNextWord() {
    TranslationUnits units = new TranslationUnits(LIMITS);
    units.add(spoken(0, "well I think"));  // last word ends at 1000

    assertEquals(Optional.empty(), units.closeIfPaused(1_699));
    assertEquals(Optional.of(new TranslationUnit("well I think", 0, 1_000)), units.closeIfPaused(1_700));
    assertEquals(Optional.empty(), units.flush());
  }

  @Test
  void cutsAtTheLastCommaBeforeTheWordLimit() {
    List<TranslationUnit> units = TranslationUnits.split(
        spoken(0, "one two, three four five; six seven eight nine ten"), LIMITS);

    assertEquals(List.of("one two, three four five;", "six seven eight nine ten"), texts(units));
  }

  @Test
  void cutsAtTheWordLimitWhenThereIsNoClauseMark() {
    List<TranslationUnit> units = TranslationUnits.split(
        spoken(0, "a b c d e f g h i j k l m n o p q r"), LIMITS);

    assertEquals(List.of("a b c d e f g h", "i j k l m n o p", "q r"), texts(units));
    units.forEach(unit -> assertTrue(unit.text().split(" ").length <= LIMITS.maxWords(), unit.text()));
  }

  @Test
  void cutsBeforeAUnitWouldLastLongerThanItsMaximum() {
    // slow speech: one word a second, each 900 ms long; 5 s allows words starting at 0..4 s only
    List<TimedText> words = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      words.add(new TimedText("w" + i, i * 1_000L, i * 1_000L + 900));
    }

    List<TranslationUnit> units = TranslationUnits.split(words, LIMITS);

    assertEquals(List.of("w0 w1 w2 w3 w4", "w5 w6"), texts(units));
    units.forEach(unit -> assertTrue(unit.endMs() - unit.startMs() <= LIMITS.maxMs(), unit.toString()));
  }

  @Test
  void countsTheWordsOfAPhraseAndKeepsThePhraseWhole() {
    List<TimedText> phrases = List.of(new TimedText("one two three four five", 0, 1_500),
        new TimedText("six seven eight nine", 1_600, 2_800));

    List<TranslationUnit> units = TranslationUnits.split(phrases, LIMITS);

    assertEquals(List.of("one two three four five", "six seven eight nine"), texts(units));
  }

  @Test
  void skipsEmptyWords() {
    List<TimedText> words = List.of(new TimedText(" ", 0, 10), new TimedText("Yes.", 20, 200));

    assertEquals(List.of(new TranslationUnit("Yes.", 20, 200)), TranslationUnits.split(words, LIMITS));
  }
}
