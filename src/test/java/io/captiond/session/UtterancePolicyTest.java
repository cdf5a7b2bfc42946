package io.captiond.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.Segment;
import io.captiond.asr.Transcript;
import io.captiond.asr.Word;
import io.captiond.asr.WordTiming;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UtterancePolicyTest {

  private static final int MS = 16;
  private final UtterancePolicy policy = new UtterancePolicy(UtterancePolicy.Config.defaults(), 5_000);

  @Test
  void silenceMakesNoJobs() {
    for (int i = 0; i < 100; i++) {
      assertTrue(policy.onAudio(new short[100 * MS]).isEmpty());
    }
  }

  @Test
  void speechGetsTentativeDecodesAboutEverySecondThenOneFinal() {
    policy.onAudio(new short[500 * MS]);
    policy.onSpeechStart(300 * MS);
    List<DecodeJob> jobs = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      jobs.addAll(policy.onAudio(new short[100 * MS]));
    }
    assertEquals(2, jobs.size(), "a partial per second of speech: " + jobs);
    jobs.forEach(job -> assertEquals(DecodeJob.Kind.PARTIAL, job.kind()));
    assertEquals(5_300, jobs.get(0).window().startMs(), "window starts where speech started, in stream time");

    List<DecodeJob> end = policy.onSpeechEnd(2_800 * MS);
    assertEquals(1, end.size());
    DecodeJob last = end.get(0);
    assertEquals(DecodeJob.Kind.FINAL, last.kind());
    assertEquals(5_300, last.window().startMs());
    assertEquals(5_300 + 2_500, last.window().endMs());
    assertTrue(policy.onAudio(new short[3_000 * MS]).isEmpty(), "silence again");
  }

  @Test
  void longSpeechIsCutIntoFinalsOfAtMostTheMaximum() {
    policy.onAudio(new short[100 * MS]);
    policy.onSpeechStart(0);
    List<DecodeJob> finals = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      policy.onAudio(new short[100 * MS]).stream().filter(DecodeJob::isFinal).forEach(finals::add);
    }
    finals.addAll(policy.onSpeechEnd(policy.position()));
    assertEquals(3, finals.size(), "25 s of speech: 10 + 10 + 5");
    assertEquals(10_000, finals.get(0).window().durationMs());
    assertEquals(finals.get(0).window().endMs(), finals.get(1).window().startMs(), "no audio lost between cuts");
    assertEquals(finals.get(1).window().endMs(), finals.get(2).window().startMs());
  }

  @Test
  void blipsShorterThanTheMinimumAreNotTranscribed() {
    policy.onAudio(new short[1_000 * MS]);
    policy.onSpeechStart(800 * MS);
    assertTrue(policy.onSpeechEnd(900 * MS).isEmpty());
  }

  @Test
  void endOfStreamClosesOpenSpeech() {
    policy.onAudio(new short[1_000 * MS]);
    policy.onSpeechStart(200 * MS);
    List<DecodeJob> jobs = policy.onEndOfStream();
    assertEquals(1, jobs.size());
    assertEquals(DecodeJob.Kind.FINAL, jobs.get(0).kind());
    assertEquals(800, jobs.get(0).window().durationMs());
  }

  @Test
  void transcriptsBecomeTentativeThenConfirmedCaptionsAndFeedThePrompt() {
    policy.onAudio(new short[2_000 * MS]);
    policy.onSpeechStart(0);
    DecodeJob partial = policy.onAudio(new short[1_000 * MS]).get(0);
    List<CaptionUpdate> first = policy.onTranscript(partial, transcript("hello there", 5_100, 5_900));
    assertEquals(List.of(CaptionUpdate.tentative("hello there", 5_100, 5_900)), first);
    assertTrue(policy.onTranscript(partial, transcript("hello there", 5_100, 5_900)).isEmpty(),
        "the same tentative text is not sent twice");

    DecodeJob last = policy.onSpeechEnd(3_000 * MS).get(0);
    List<CaptionUpdate> confirmed = policy.onTranscript(last, transcript("hello there world", 5_100, 7_500));
    assertEquals(List.of(CaptionUpdate.confirmed("hello there world", 5_100, 7_500)), confirmed);
    assertEquals("hello there world", policy.prompt());
  }

  @Test
  void anEmptyFinalClearsTheTentativeText() {
    policy.onAudio(new short[2_000 * MS]);
    policy.onSpeechStart(0);
    DecodeJob partial = policy.onAudio(new short[1_000 * MS]).get(0);
    policy.onTranscript(partial, transcript("uh", 5_100, 5_300));
    DecodeJob last = policy.onSpeechEnd(3_000 * MS).get(0);
    List<CaptionUpdate> updates = policy.onTranscript(last, Transcript.empty("en", WordTiming.NONE));
    assertEquals(1, updates.size());
    assertEquals("", updates.get(0).text());
    assertTrue(!updates.get(0).confirmed());
  }

  @Test
  void captionTimesStayInsideTheWindow() {
    policy.onAudio(new short[2_000 * MS]);
    policy.onSpeechStart(1_000 * MS);
    DecodeJob last = policy.onSpeechEnd(2_000 * MS).get(0);
    CaptionUpdate update = policy.onTranscript(last, transcript("far out", 0, 99_000)).get(0);
    assertEquals(6_000, update.startMs());
    assertEquals(7_000, update.endMs());
  }

  private static Transcript transcript(String text, long start, long end) {
    return new Transcript(List.of(Segment.of(text, start, end, List.of(new Word(text, start, end, 1)))),
        "en", WordTiming.ALIGNED);
  }
}
