package io.captiond.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.Segment;
import io.captiond.asr.Transcript;
import io.captiond.asr.Word;
import io.captiond.asr.WordTiming;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The policy under a scripted engine. Unless a test says otherwise, the stream starts at 0 ms,
 * the step is 1000 ms and a decode answers at once, so a partial is decoded every second of speech.
 */
class StreamingPolicyTest {

  private static final StreamingPolicy.Config DEFAULTS = StreamingPolicy.Config.defaults();

  @Test
  void confirmsThePrefixOnWhichTwoDecodesAgree() {
    ScriptedSession s = session(DEFAULTS, byCall(said(0, "Hello world"), said(0, "hello, world how are")));
    s.speechStart(0).audio(1_000);
    assertEquals(List.of(CaptionUpdate.tentative("Hello world", 0, 700)), s.takeUpdates());
    s.audio(1_000);
    assertEquals(List.of(
        CaptionUpdate.confirmed("hello, world", 0, 700),
        CaptionUpdate.tentative("how are", 800, 1_500)), s.takeUpdates());
  }

  @Test
  void keepsAChangingTailTentative() {
    ScriptedSession s = session(DEFAULTS,
        byCall(said(0, "the cat sat"), said(0, "the cat is on"), said(0, "the cat was on the mat")));
    s.speechStart(0).audio(3_000);
    assertEquals("the cat", s.confirmedText());
    List<CaptionUpdate> tentatives = s.tentatives();
    assertEquals(CaptionUpdate.tentative("was on the mat", 800, 2_300), tentatives.get(tentatives.size() - 1));
  }

  @Test
  void clearsTheTentativeTextOnceAllOfItIsConfirmed() {
    ScriptedSession s = session(DEFAULTS, byCall(said(0, "a b"), said(0, "A b.")));
    s.speechStart(0).audio(2_000);
    assertEquals(List.of(CaptionUpdate.tentative("a b", 0, 700), CaptionUpdate.confirmed("A b.", 0, 700),
        CaptionUpdate.tentative("", 2_000, 2_000)), s.updates);
  }

  @Test
  void neverEmitsAConfirmedWordTwiceWhenItIsHeardAgainEndingLater() {
    ScriptedSession s = session(DEFAULTS, byCall(
        said(0, "I said no"), said(0, "I said no"),
        transcript(word("no", 820, 1_150), word("again", 1_200, 1_500)),
        transcript(word("no", 830, 1_160), word("again", 1_200, 1_500))));
    s.speechStart(0).audio(4_000);
    assertEquals("I said no again", s.confirmedText());
  }

  @Test
  void keepsAWordTheSpeakerRepeatsAfterTheConfirmedOne() {
    ScriptedSession s = session(DEFAULTS, byCall(
        said(0, "I said no"), said(0, "I said no"),
        transcript(word("no", 1_700, 2_000), word("no", 2_100, 2_400)),
        transcript(word("no", 1_700, 2_000), word("no", 2_100, 2_400))));
    s.speechStart(0).audio(4_000);
    assertEquals("I said no no no", s.confirmedText());
  }

  @Test
  void confirmsTheWholeTailWhenSpeechEnds() {
    ScriptedSession s = session(DEFAULTS,
        byCall(said(0, "the cat sat"), said(0, "the cat sat on"), said(0, "the cat sat on the mat.")));
    s.speechStart(0).audio(2_500);
    assertEquals("the cat sat", s.confirmedText());
    s.takeUpdates();
    s.speechEnd(2_500);
    DecodeJob last = s.decoded.get(s.decoded.size() - 1);
    assertTrue(last.isFinal());
    assertEquals(2_500, last.window().endMs());
    assertEquals(List.of(CaptionUpdate.confirmed("on the mat.", 1_200, 2_300), CaptionUpdate.tentative("", 2_500, 2_500)),
        s.takeUpdates());
  }

  @Test
  void startsNewSpeechReportedEarlyAfterTheWordsAlreadyConfirmed() {
    ScriptedSession s = session(DEFAULTS, byCall(said(0, "your"), said(0, "your"), said(0, "your")));
    s.speechStart(0).audio(1_000).speechEnd(1_000);
    assertEquals("your", s.confirmedText());
    // The VAD pads the next speech start back into the confirmed word: its window begins where the word ended.
    s.audio(500).speechStart(200).audio(1_000);
    DecodeJob next = s.issued.get(s.issued.size() - 1);
    assertEquals(2, next.utterance());
    assertEquals(300, next.window().startMs());
  }

  @Test
  void dropsAConfirmedWordHeardAgainAsAnotherWordAndNeverOverlapsConfirmedCaptions() {
    ScriptedSession s = session(DEFAULTS, byCall(
        transcript(word("your", 0, 320)), transcript(word("your", 0, 320)),
        transcript(word("yawn", 0, 400), word("brain", 300, 700)),
        transcript(word("yawn", 0, 400), word("brain", 300, 700))));
    s.speechStart(0).audio(4_000);
    assertEquals("your brain", s.confirmedText());
    List<CaptionUpdate> confirmed = s.updates.stream().filter(CaptionUpdate::confirmed).toList();
    assertEquals(CaptionUpdate.confirmed("brain", 320, 700), confirmed.get(confirmed.size() - 1));
  }

  @Test
  void issuesNoJobsDuringSilence() {
    Truth truth = new Truth();
    truth.words(5_000, "one two three four five six");
    ScriptedSession s = session(DEFAULTS, truth::exact);
    s.audio(5_000);
    assertEquals(List.of(), s.issued);
    s.audio(300).speechStart(4_800).audio(2_700);
    // Speech was reported at 5300 ms, from 4800: a step of new audio at 5800, 6800, 7800.
    assertEquals(3, s.issued.size());
    assertEquals(4_800, s.issued.get(0).window().startMs());
    s.audio(300).speechEnd(7_500).audio(10_000);
    assertEquals(4, s.issued.size());
    assertTrue(s.issued.get(3).isFinal());
    assertEquals("one two three four five six", s.confirmedText());
  }

  @Test
  void dropsSpeechTooShortToHaveBeenDecoded() {
    ScriptedSession s = session(DEFAULTS, byCall());
    s.speechStart(0).audio(200).speechEnd(200).audio(2_000);
    assertEquals(List.of(), s.issued);
  }

  @Test
  void trimsALongWindowAtItsLastConfirmedSentenceEnd() {
    StreamingPolicy.Config config = new StreamingPolicy.Config(1_000, 3_000, 10_000, 300, 2_000, 500,
        HallucinationGuard.Config.defaults());
    Truth truth = new Truth();
    truth.sentences(0, 40, 3);
    ScriptedSession s = session(config, truth::exact);
    s.speechStart(0).audio(16_000);

    List<DecodeJob> jobs = s.decoded;
    assertEquals(0, jobs.get(0).window().startMs());
    DecodeJob last = jobs.get(jobs.size() - 1);
    assertTrue(last.window().startMs() > 10_000, "window start moved: " + last.window().startMs());
    assertTrue(jobs.stream().allMatch(j -> j.window().durationMs() <= 5_000), "windows stay short");
    boolean shortened = false;
    for (int i = 1; i < jobs.size(); i++) {
      shortened |= jobs.get(i).window().durationMs() < jobs.get(i - 1).window().durationMs();
      // Each window starts where a confirmed sentence ended.
      long start = jobs.get(i).window().startMs();
      assertTrue(start == 0 || truth.sentenceEnds.contains(start), "cut at a sentence end: " + start);
    }
    assertTrue(shortened);
    // Every word confirmed so far, once, in order.
    assertEquals(truth.textUpTo(s.confirmed().get(s.confirmed().size() - 1).endMs()), s.confirmedText());
  }

  @Test
  void promptsWithConfirmedTextBeforeTheWindowOnly() {
    StreamingPolicy.Config config = new StreamingPolicy.Config(1_000, 3_000, 10_000, 300, 2_000, 500,
        HallucinationGuard.Config.defaults());
    Truth truth = new Truth();
    truth.sentences(0, 30, 3);
    ScriptedSession s = session(config, truth::exact);
    s.speechStart(0).audio(12_000);
    for (int i = 0; i < s.decoded.size(); i++) {
      long start = s.decoded.get(i).window().startMs();
      assertEquals(truth.textBefore(start), s.prompts.get(i), "prompt of the decode of window at " + start);
    }
    assertTrue(s.prompts.get(s.prompts.size() - 1).startsWith("w0 w1 w2."));
  }

  @Test
  void promptsTheNextSpeechWithAllThatTheLastOneConfirmed() {
    Truth truth = new Truth();
    truth.words(0, "Good morning everyone.");
    truth.words(5_000, "Let us begin");
    ScriptedSession s = session(DEFAULTS, truth::exact);
    s.speechStart(0).audio(1_500).speechEnd(1_500).audio(3_500);
    s.speechStart(5_000).audio(2_000);
    DecodeJob firstFinal = s.decoded.get(1);
    assertTrue(firstFinal.isFinal());
    assertEquals("", s.prompts.get(1), "the final's window holds all its confirmed text");
    assertEquals("Good morning everyone.", s.prompts.get(2));
    assertEquals(2, s.decoded.get(2).utterance());
  }

  @Test
  void ignoresAPartialJudgedToBeNoSpeech() {
    Transcript noSpeech = new Transcript(
        List.of(new Segment("Thanks for watching!", 0, 2_000, List.of(), 0.9, -1.5)), "en", WordTiming.ALIGNED);
    ScriptedSession s = session(DEFAULTS, byCall(said(0, "hello world"), noSpeech, said(0, "hello world again")));
    s.speechStart(0).audio(3_000);
    assertEquals("hello world", s.confirmedText());
    assertFalse(s.updates.stream().anyMatch(u -> u.text().contains("Thanks")));
  }

  @Test
  void splitsSegmentsWithoutWordsWithInterpolatedTimes() {
    Transcript wordless = new Transcript(List.of(Segment.of(" one two three", 0, 1_100, List.of())), "en",
        WordTiming.NONE);
    ScriptedSession s = session(DEFAULTS, byCall(wordless, wordless));
    s.speechStart(0).audio(2_000);
    assertEquals(List.of(CaptionUpdate.confirmed("one two three", 0, 1_100)), s.confirmed());
    // Shared by characters: 3 + 3 + 5 of 11.
    assertEquals(List.of(new Word("one", 0, 300, 0), new Word("two", 300, 600, 0), new Word("three", 600, 1_100, 0)),
        TimedWords.interpolate(" one two three", 0, 1_100));
  }

  @Test
  void neverLetsAWindowPassThirtySecondsAndConfirmsTheOldestWordsWhenItMust() {
    Truth truth = new Truth();
    truth.sentences(0, 180, 1_000); // 72 s of words and not one sentence end
    Random random = new Random(7);
    // Every decode spells every word differently (and not so regularly that it compresses well), so that no two agree.
    Function<DecodeJob, Transcript> neverAgrees = job -> {
      List<Word> words = truth.in(job.window().startMs(), job.window().endMs()).stream()
          .map(w -> new Word(w.text() + "_" + Long.toString(random.nextLong() >>> 1, 36), w.startMs(), w.endMs(), 1))
          .toList();
      return transcript(words.toArray(Word[]::new));
    };
    ScriptedSession s = session(DEFAULTS, neverAgrees);
    s.speechStart(0).audio(70_000);
    assertTrue(s.issued.stream().allMatch(j -> j.window().durationMs() <= 30_000));
    assertEquals(30_000, s.issued.get(s.issued.size() - 1).window().durationMs());
    List<CaptionUpdate> forced = s.confirmed();
    assertFalse(forced.isEmpty());
    // The forced words are the oldest, in order, each once.
    List<Integer> indexes = new ArrayList<>();
    for (CaptionUpdate update : forced) {
      for (String word : update.text().split(" ")) {
        indexes.add(Integer.parseInt(word.substring(1, word.indexOf('_'))));
      }
    }
    for (int i = 0; i < indexes.size(); i++) {
      assertEquals(i, indexes.get(i));
    }
    assertTrue(forced.get(forced.size() - 1).endMs() >= 70_000 - 30_000 - 400, forced.toString());
  }

  @Test
  void confirmsNothingMoreWhenTheFinalIsJudgedNoSpeech() {
    Transcript noSpeech = new Transcript(
        List.of(new Segment("Thanks for watching!", 0, 2_000, List.of(), 0.9, -1.5)), "en", WordTiming.ALIGNED);
    ScriptedSession s = session(DEFAULTS,
        byCall(said(0, "hello world"), said(0, "hello world how"), noSpeech));
    s.speechStart(0).audio(2_000).speechEnd(2_000);
    assertEquals("hello world", s.confirmedText());
    assertEquals(CaptionUpdate.tentative("", 2_000, 2_000), s.updates.get(s.updates.size() - 1));
  }

  @Test
  void startsTheNextSpeechCleanWhenAFinalIsGivenUp() {
    ScriptedSession s = session(DEFAULTS,
        byCall(said(0, "alpha beta gamma"), said(0, "alpha beta delta"), null, said(4_000, "epsilon")));
    s.speechStart(0).audio(2_000).speechEnd(2_000);
    assertEquals("alpha beta", s.confirmedText());
    assertEquals("delta", s.tentatives().get(s.tentatives().size() - 1).text());
    assertEquals("alpha beta", s.policy.prompt());
    s.audio(2_300).speechStart(4_000).audio(1_000);
    assertEquals("alpha beta", s.prompts.get(3));
    assertEquals(CaptionUpdate.tentative("epsilon", 4_000, 4_300), s.updates.get(s.updates.size() - 1));
  }

  @Test
  void losesTheTailOfSpeechWhoseFinalNeverCameButNothingElse() {
    StreamingPolicy policy = new StreamingPolicy(DEFAULTS, 0);
    policy.onSpeechStart(0);
    DecodeJob first = policy.onAudio(new short[16_000]).get(0);
    policy.onTranscript(first, said(0, "a b c"));
    DecodeJob second = policy.onAudio(new short[16_000]).get(0);
    assertEquals(List.of(CaptionUpdate.confirmed("a b", 0, 700), CaptionUpdate.tentative("d", 800, 1_100)),
        policy.onTranscript(second, said(0, "a b d")));
    DecodeJob lostFinal = policy.onSpeechEnd(32_000).get(0); // dropped by a full queue: no transcript, no skip
    policy.onAudio(new short[48_000]);
    policy.onSpeechStart(64_000);
    DecodeJob next = policy.onAudio(new short[16_000]).get(0);
    assertEquals(2, next.utterance());
    assertEquals(List.of(CaptionUpdate.tentative("e f", 4_000, 4_700)), policy.onTranscript(next, said(4_000, "e f")));
    assertEquals("a b", policy.prompt());
    // Were the lost final to turn up after all, it is stale now.
    assertEquals(List.of(), policy.onTranscript(lostFinal, said(0, "a b d")));
  }

  @Test
  void clampsWordTimesToTheWindowTheyWereHeardIn() {
    Transcript overreaching = transcript(word("now", 600, 900), word("then", 900, 1_400), word("later", 5_000, 5_300));
    ScriptedSession s = session(DEFAULTS, byCall(overreaching));
    s.speechStart(0).audio(1_000);
    assertEquals(List.of(CaptionUpdate.tentative("now then", 600, 1_000)), s.updates);
  }

  @Test
  void constructsLikeTheUtterancePolicy() {
    CaptionPolicy policy = new StreamingPolicy(DEFAULTS, 12_345);
    assertEquals("", policy.prompt());
    assertEquals(List.of(), policy.onAudio(new short[1_600]));
  }

  @Test
  void rejectsConfigOutOfRange() {
    HallucinationGuard.Config guard = HallucinationGuard.Config.defaults();
    assertThrows(IllegalArgumentException.class, () -> new StreamingPolicy.Config(50, 15_000, 30_000, 300, 2_000, 500, guard));
    assertThrows(IllegalArgumentException.class, () -> new StreamingPolicy.Config(1_000, 15_000, 31_000, 300, 2_000, 500, guard));
    assertThrows(IllegalArgumentException.class, () -> new StreamingPolicy.Config(1_000, 20_000, 10_000, 300, 2_000, 500, guard));
    assertThrows(IllegalArgumentException.class, () -> new StreamingPolicy.Config(1_000, 15_000, 30_000, -1, 2_000, 500, guard));
    assertThrows(NullPointerException.class, () -> new StreamingPolicy.Config(1_000, 15_000, 30_000, 300, 2_000, 500, null));
  }

  static ScriptedSession session(StreamingPolicy.Config config, Function<DecodeJob, Transcript> engine) {
    return new ScriptedSession(new StreamingPolicy(config, 0), engine);
  }

  /** Hypotheses by call number; past the script, the last one again. */
  static Function<DecodeJob, Transcript> byCall(Transcript... script) {
    int[] call = {0};
    return job -> script.length == 0 ? transcript() : script[Math.min(call[0]++, script.length - 1)];
  }

  /** {@code text} said from {@code startMs}, a word every 400 ms, each 300 ms long, in one segment. */
  static Transcript said(long startMs, String text) {
    String[] pieces = text.split(" ");
    Word[] words = new Word[pieces.length];
    for (int i = 0; i < pieces.length; i++) {
      words[i] = word(pieces[i], startMs + i * 400L, startMs + i * 400L + 300);
    }
    return transcript(words);
  }

  static Word word(String text, long startMs, long endMs) {
    return new Word(text, startMs, endMs, 0.9);
  }

  static Transcript transcript(Word... words) {
    if (words.length == 0) {
      return Transcript.empty("en", WordTiming.ALIGNED);
    }
    String text = String.join(" ", Arrays.stream(words).map(Word::text).toList());
    return new Transcript(List.of(Segment.of(text, words[0].startMs(), words[words.length - 1].endMs(), List.of(words))),
        "en", WordTiming.ALIGNED);
  }

  /** What was really said: words with times; an exact engine hears the words wholly inside a window. */
  static final class Truth {
    final List<Word> words = new ArrayList<>();
    final List<Long> sentenceEnds = new ArrayList<>();

    /** Words every 400 ms from {@code startMs}, 300 ms long. */
    void words(long startMs, String text) {
      String[] pieces = text.split(" ");
      for (int i = 0; i < pieces.length; i++) {
        add(pieces[i], startMs + i * 400L, startMs + i * 400L + 300);
      }
    }

    /** {@code count} words "w0", "w1"... every 400 ms, a full stop after every {@code perSentence}. */
    void sentences(long startMs, int count, int perSentence) {
      for (int i = 0; i < count; i++) {
        add("w" + i + ((i + 1) % perSentence == 0 ? "." : ""), startMs + i * 400L, startMs + i * 400L + 300);
      }
    }

    void add(String text, long startMs, long endMs) {
      words.add(word(text, startMs, endMs));
      if (TimedWords.endsSentence(text)) {
        sentenceEnds.add(endMs);
      }
    }

    List<Word> in(long fromMs, long toMs) {
      return words.stream().filter(w -> w.startMs() >= fromMs && w.endMs() <= toMs).toList();
    }

    Transcript exact(DecodeJob job) {
      return transcript(in(job.window().startMs(), job.window().endMs()).toArray(Word[]::new));
    }

    String textUpTo(long endMs) {
      return TimedWords.join(words.stream().filter(w -> w.endMs() <= endMs).toList());
    }

    String textBefore(long startMs) {
      return TimedWords.join(words.stream().filter(w -> w.startMs() < startMs).toList());
    }
  }
}
