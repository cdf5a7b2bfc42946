package io.captiond.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.captions.CueLayout.Cue;
import io.captiond.captions.CueLayout.TimedWord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Defaults: 2 lines of 42 characters, 1..7 s on screen, pauses over 500 ms, silences over 1500 ms. */
class CueLayoutTest {

  private final CueLayout layout = new CueLayout(CueLayout.Config.defaults());
  private final List<Cue> cues = new ArrayList<>();

  @Test
  void keepsEveryCueWithinTwoLinesOfFortyTwoCharactersAndLosesNoWord() {
    Random random = new Random(3);
    List<String> said = new ArrayList<>();
    long t = 0;
    for (int i = 0; i < 400; i++) {
      String word = "abcdefghijklmnopqrstuvwxyz".substring(0, 1 + random.nextInt(12)) + (random.nextInt(15) == 0 ? "." : "");
      said.add(word);
      long end = t + 150 + random.nextInt(300);
      feed(word, t, end);
      t = end + random.nextInt(random.nextInt(10) == 0 ? 2_500 : 300);
    }
    cues.addAll(layout.flush());
    List<String> shown = new ArrayList<>();
    long lastEnd = Long.MIN_VALUE;
    for (Cue cue : cues) {
      assertTrue(cue.lines().size() <= 2, cue.toString());
      assertTrue(cue.lines().stream().allMatch(l -> l.length() <= 42), cue.toString());
      assertTrue(cue.endMs() - cue.startMs() <= 7_000, cue.toString());
      assertTrue(cue.startMs() >= lastEnd, "cues do not overlap: " + cue);
      lastEnd = cue.endMs();
      cue.lines().forEach(l -> shown.addAll(Arrays.asList(l.split(" "))));
    }
    assertEquals(said, shown);
  }

  @Test
  void balancesTheLinesOfACue() {
    feedSpaced("one two three four five six seven eight nine ten eleven twelve", 0, 200);
    List<Cue> flushed = layout.flush();
    assertEquals(List.of("one two three four five six seven", "eight nine ten eleven twelve"),
        flushed.get(0).lines());
  }

  @Test
  void holdsAShortCueForTheMinimumDuration() {
    feed("Hi.", 0, 200);
    assertEquals(List.of(new Cue(0, 1_000, List.of("Hi."))), layout.flush());
  }

  @Test
  void endsACueWhenTheNextBeginsEvenBeforeItsMinimum() {
    CueLayout tight = new CueLayout(new CueLayout.Config(2, 42, 1_000, 7_000, 50, 100));
    assertEquals(List.of(), tight.add(new TimedWord("Hi.", 0, 200)));
    assertEquals(List.of(new Cue(0, 400, List.of("Hi."))), tight.add(new TimedWord("there", 400, 700)));
  }

  @Test
  void neverShowsACueLongerThanTheMaximum() {
    // Slow speech: a word a second, pauses under the silence limit.
    for (int i = 0; i < 12; i++) {
      feed("w" + i, i * 1_000L, i * 1_000L + 300);
    }
    cues.addAll(layout.flush());
    assertTrue(cues.size() >= 2);
    assertTrue(cues.stream().allMatch(c -> c.endMs() - c.startMs() <= 7_000), cues.toString());
    feed("Mmmmmmmmm", 20_000, 29_000);
    assertEquals(new Cue(20_000, 27_000, List.of("Mmmmmmmmm")), layout.flush().get(0));
  }

  @Test
  void breaksAfterASentenceEndFirst() {
    feedSpaced("We went to the market early, and it was closed. So we walked home along the river and then", 0, 250);
    assertEquals(List.of("We went to the market", "early, and it was closed."), cues.get(0).lines());
  }

  @Test
  void breaksAfterACommaWithoutASentenceEnd() {
    feedSpaced("We went to the market early in the morning, but the stalls were all still shut and", 0, 250);
    assertEquals("We went to the market\nearly in the morning,", cues.get(0).text());
  }

  @Test
  void breaksAtAPauseWithoutPunctuation() {
    feedSpaced("we went to the market early in the morning", 0, 250); // ends at 3050
    feedSpaced("but the stalls were all still shut and we walked", 3_050 + 800, 250);
    assertEquals(List.of("we went to the market early in the morning"), cues.get(0).lines());
  }

  @Test
  void endsACueAtASilence() {
    feedSpaced("Good evening", 0, 300);
    feedSpaced("and welcome", 3_000, 300);
    assertEquals(List.of(new Cue(0, 1_000, List.of("Good evening"))), cues);
  }

  @Test
  void doesNotPreferABreakThatLeavesAlmostNothingBeforeIt() {
    feedSpaced("So, we went to the market early in the morning but the stalls were all still shut and", 0, 250);
    assertTrue(cues.get(0).text().length() > 20, cues.get(0).toString());
  }

  @Test
  void givesAWordLongerThanALineALineOfItsOwnUnbroken() {
    String longWord = "Pneumonoultramicroscopicsilicovolcanoconiosis-related";
    feedSpaced("it was " + longWord + " they said", 0, 300);
    cues.addAll(layout.flush());
    List<String> lines = cues.stream().flatMap(c -> c.lines().stream()).toList();
    assertTrue(lines.contains(longWord), lines.toString());
    assertEquals(List.of("it", "was", longWord, "they", "said"),
        lines.stream().flatMap(l -> Arrays.stream(l.split(" "))).toList());
  }

  @Test
  void flushesPendingWordsOnceAtTheEnd() {
    feedSpaced("thank you all", 0, 300);
    assertEquals(List.of(), cues);
    assertEquals(List.of(new Cue(0, 1_100, List.of("thank you all"))), layout.flush());
    assertEquals(List.of(), layout.flush());
  }

  @Test
  void sharesACaptionsSpanAmongItsWordsByLength() {
    assertEquals(List.of(), layout.addCaption("Hello there. Good", 0, 1_600));
    // "Hello" 0..500, "there." 500..1100, "Good" 1100..1600, then a silence.
    List<Cue> done = layout.addCaption("news", 3_200, 3_500);
    assertEquals(List.of(new Cue(0, 1_600, List.of("Hello there. Good"))), done);
  }

  @Test
  void rejectsBadConfigAndWords() {
    assertThrows(IllegalArgumentException.class, () -> new CueLayout.Config(0, 42, 1_000, 7_000, 500, 1_500));
    assertThrows(IllegalArgumentException.class, () -> new CueLayout.Config(2, 5, 1_000, 7_000, 500, 1_500));
    assertThrows(IllegalArgumentException.class, () -> new CueLayout.Config(2, 42, 8_000, 7_000, 500, 1_500));
    assertThrows(IllegalArgumentException.class, () -> new CueLayout.Config(2, 42, 1_000, 7_000, 500, 100));
    assertThrows(IllegalArgumentException.class, () -> new TimedWord("two words", 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new TimedWord("late", 5, 1));
  }

  private void feed(String word, long startMs, long endMs) {
    cues.addAll(layout.add(new TimedWord(word, startMs, endMs)));
  }

  /** Words one after another from {@code startMs}, each {@code wordMs} long with 100 ms between them. */
  private void feedSpaced(String text, long startMs, long wordMs) {
    long t = startMs;
    for (String word : text.split(" ")) {
      feed(word, t, t + wordMs);
      t += wordMs + 100;
    }
  }
}
