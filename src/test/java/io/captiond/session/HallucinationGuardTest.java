package io.captiond.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.Segment;
import io.captiond.asr.Transcript;
import io.captiond.asr.Word;
import io.captiond.asr.WordTiming;
import java.util.List;
import org.junit.jupiter.api.Test;

class HallucinationGuardTest {

  private final HallucinationGuard guard = new HallucinationGuard(HallucinationGuard.Config.defaults());

  @Test
  void dropsTranscriptWhoseEverySegmentIsLikelySilenceDecodedWithoutConfidence() {
    Transcript silence = transcript(
        new Segment("Thanks for watching!", 0, 2_000, List.of(), 0.8, -1.3),
        new Segment("Bye.", 2_000, 3_000, List.of(), 0.7, -1.1));
    assertTrue(guard.isNoSpeech(silence));
    assertTrue(guard.screen(silence, TimedWords.of(silence)).isEmpty());
  }

  @Test
  void keepsTranscriptWhenOneSegmentFailsEitherHalfOfTheNoSpeechRule() {
    assertFalse(guard.isNoSpeech(transcript(
        new Segment("a", 0, 1_000, List.of(), 0.8, -1.3),
        new Segment("b", 1_000, 2_000, List.of(), 0.8, -0.5))));
    assertFalse(guard.isNoSpeech(transcript(new Segment("a", 0, 1_000, List.of(), 0.6, -1.3))));
    assertFalse(guard.isNoSpeech(transcript(new Segment("a", 0, 1_000, List.of(), 0.9, -1.0))));
  }

  @Test
  void neverCallsAnEmptyTranscriptOrUnknownScoresNoSpeech() {
    assertFalse(guard.isNoSpeech(Transcript.empty("en", WordTiming.NONE)));
    assertFalse(guard.isNoSpeech(transcript(Segment.of("hello", 0, 500, List.of()))));
  }

  @Test
  void cutsAWordRepeatedMoreThanMaxRepeatsTimesToOne() {
    assertEquals("I said no then", text(guard.cutLoops(words("I said no no no no no then"))));
  }

  @Test
  void keepsRepetitionUpToMaxRepeats() {
    assertEquals("no no no", text(guard.cutLoops(words("no no no"))));
  }

  @Test
  void cutsARepeatedPhraseComparedWithoutCaseOrPunctuation() {
    List<Word> looped = words("Thank you. thank you Thank you, Thank you! And then");
    List<Word> cut = guard.cutLoops(looped);
    assertEquals("Thank you. And then", text(cut));
    assertEquals(looped.get(0), cut.get(0));
    assertEquals(looped.get(8), cut.get(2)); // the words after the loop keep their times
  }

  @Test
  void computesCompressionRatioAsWhisperDoes() {
    // Values from Python: len(b) / len(zlib.compress(b)).
    assertEquals(10.0, HallucinationGuard.compressionRatio("Thank you. ".repeat(20)), 1e-9);
    assertEquals(78.0 / 73, HallucinationGuard.compressionRatio(
        "I will be there at nine tomorrow morning, and we can talk about the plan then."), 1e-9);
    assertEquals(5.0 / 13, HallucinationGuard.compressionRatio("hello"), 1e-9);
    assertEquals(0, HallucinationGuard.compressionRatio(""));
  }

  @Test
  void rejectsTextThatCompressesTooWellEvenAfterLoopsAreCut() {
    // Phrases of nine words escape the loop cut (eight at most) but not the compression ratio.
    String phrase = "we will now go back to the studio for ";
    Transcript looped = transcript(Segment.of(phrase.repeat(12), 0, 20_000, List.of()));
    assertTrue(guard.screen(looped, TimedWords.of(looped)).isEmpty());
  }

  @Test
  void passesOrdinarySpeechUnchanged() {
    Transcript speech = transcript(Segment.of(
        "I will be there at nine tomorrow morning, and we can talk about the plan then.", 0, 5_000, List.of()));
    List<Word> words = TimedWords.of(speech);
    assertEquals(words, guard.screen(speech, words).orElseThrow());
  }

  @Test
  void rejectsThresholdsOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> new HallucinationGuard.Config(1.5, -1, 2.4, 8, 3));
    assertThrows(IllegalArgumentException.class, () -> new HallucinationGuard.Config(0.6, 0.5, 2.4, 8, 3));
    assertThrows(IllegalArgumentException.class, () -> new HallucinationGuard.Config(0.6, -1, 1, 8, 3));
    assertThrows(IllegalArgumentException.class, () -> new HallucinationGuard.Config(0.6, -1, 2.4, 0, 3));
    assertThrows(IllegalArgumentException.class, () -> new HallucinationGuard.Config(0.6, -1, 2.4, 8, 0));
  }

  private static Transcript transcript(Segment... segments) {
    return new Transcript(List.of(segments), "en", WordTiming.ALIGNED);
  }

  private static List<Word> words(String text) {
    return TimedWords.interpolate(text, 0, text.length() * 50L);
  }

  private static String text(List<Word> words) {
    return TimedWords.join(words);
  }
}
