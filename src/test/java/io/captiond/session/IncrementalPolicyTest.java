package io.captiond.session;

import static io.captiond.session.StreamingPolicyTest.said;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.UtteranceFeed;
import io.captiond.media.Pcm16k;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncrementalPolicyTest {

  private static final int MS_100 = (int) Pcm16k.msToSamples(100);

  private final IncrementalPolicy policy = new IncrementalPolicy(IncrementalPolicy.Config.defaults(), "s1", 7, 0);

  /** Feeds {@code ms} of audio in 100 ms chunks; returns the jobs asked for. */
  private List<DecodeJob> audio(long ms) {
    List<DecodeJob> jobs = new ArrayList<>();
    for (long t = 0; t < ms; t += 100) {
      jobs.addAll(policy.onAudio(new short[MS_100]));
    }
    return jobs;
  }

  @Test
  void eachStepSendsTheAudioTheRecognizerHasNotAnsweredForAsTheNextPieceOfTheUtterance() {
    audio(500);
    policy.onSpeechStart(Pcm16k.msToSamples(200));
    List<DecodeJob> first = audio(1_200);
    assertEquals(1, first.size());
    UtteranceFeed feed = first.get(0).feed();
    assertEquals(0, feed.offset());
    assertFalse(feed.last());
    assertTrue(feed.key().startsWith("s1/7/"), feed.key());
    assertEquals(200, first.get(0).window().startMs());
    assertEquals(1_000, first.get(0).window().durationMs());

    // Not answered yet: the next piece starts where the first did, so dropping a waiting one loses nothing.
    DecodeJob unanswered = audio(1_000).get(0);
    assertEquals(0, unanswered.feed().offset());
    assertEquals(2_000, unanswered.window().durationMs());

    policy.onTranscript(unanswered, said(200, "the birch"));
    DecodeJob next = audio(1_000).get(0);
    assertEquals(Pcm16k.msToSamples(2_000), next.feed().offset());
    assertEquals(2_200, next.window().startMs());
    assertEquals(1_000, next.window().durationMs());
  }

  @Test
  void theEndOfSpeechSendsTheLastPieceWhichEndsTheUtterance() {
    policy.onSpeechStart(0);
    DecodeJob piece = audio(1_000).get(0);
    policy.onTranscript(piece, said(0, "the birch"));
    audio(400);
    List<DecodeJob> end = policy.onSpeechEnd(Pcm16k.msToSamples(1_300));
    assertEquals(1, end.size());
    DecodeJob last = end.get(0);
    assertTrue(last.isFinal());
    assertTrue(last.feed().last());
    assertEquals(Pcm16k.msToSamples(1_000), last.feed().offset());
    assertEquals(300, last.window().durationMs());
    assertEquals(piece.feed().key(), last.feed().key());
  }

  @Test
  void anUtteranceReachingTheBoundedLengthIsEndedWithAFinalAndANewOneOpensWhereItWasCut() {
    policy.onSpeechStart(0);
    List<DecodeJob> jobs = audio(10_000);
    DecodeJob cut = jobs.stream().filter(DecodeJob::isFinal).findFirst().orElseThrow();
    assertTrue(cut.feed().last());
    assertEquals(1, cut.utterance());
    assertEquals(10_000, cut.window().endMs());
    DecodeJob after = audio(1_000).get(0);
    assertEquals(2, after.utterance());
    assertEquals(0, after.feed().offset());
    assertEquals(10_000, after.window().startMs());
    assertTrue(!after.feed().key().equals(cut.feed().key()));
  }

  @Test
  void aResyncSendsTheSameJobWithTheUtterancesAudioFromItsFirstSample() {
    audio(300);
    policy.onSpeechStart(Pcm16k.msToSamples(300));
    DecodeJob first = audio(1_000).get(0);
    policy.onTranscript(first, said(300, "glue the"));
    DecodeJob lost = audio(1_000).get(0);
    assertTrue(lost.feed().offset() > 0);

    DecodeJob again = policy.onResync(lost).orElseThrow();
    assertEquals(0, again.feed().offset());
    assertEquals(lost.feed().key(), again.feed().key());
    assertEquals(lost.kind(), again.kind());
    assertEquals(300, again.window().startMs());
    assertEquals(lost.window().endMs(), again.window().endMs());
  }

  @Test
  void theAudioOfAnUtteranceCutAtItsBoundIsKeptForAResyncUntilItsFinalIsAnswered() {
    policy.onSpeechStart(0);
    DecodeJob cut = audio(10_500).stream().filter(DecodeJob::isFinal).findFirst().orElseThrow();
    audio(3_000);
    assertEquals(0, policy.heldFrom(), "the cut utterance's audio is still held");
    assertEquals(0, policy.onResync(cut).orElseThrow().window().startMs());
    policy.onTranscript(cut, said(0, "it is easy"));
    assertEquals(Pcm16k.msToSamples(10_000), policy.heldFrom(), "once answered only the open utterance is held");
  }

  @Test
  void wordsTwoHypothesesAgreeOnAreConfirmedOnceStableAndTheFinalConfirmsTheRest() {
    policy.onSpeechStart(0);
    DecodeJob one = audio(1_000).get(0);
    List<CaptionUpdate> first = policy.onTranscript(one, said(0, "rice is"));
    assertTrue(first.stream().noneMatch(CaptionUpdate::confirmed));
    DecodeJob two = audio(1_000).get(0);
    List<CaptionUpdate> second = policy.onTranscript(two, said(0, "rice is often served"));
    // "is" (ends 700 ms) was still within the last 600 ms of the first partial's audio: not yet agreed on.
    assertEquals("rice", second.stream().filter(CaptionUpdate::confirmed).findFirst().orElseThrow().text());
    assertEquals("is often served", second.stream().filter(u -> !u.confirmed()).findFirst().orElseThrow().text());
    DecodeJob last = policy.onSpeechEnd(Pcm16k.msToSamples(2_000)).get(0);
    List<CaptionUpdate> end = policy.onTranscript(last, said(0, "rice is often served in bowls"));
    assertEquals("is often served in bowls", end.stream().filter(CaptionUpdate::confirmed).findFirst().orElseThrow().text());
    assertEquals("rice is often served in bowls", policy.prompt());
  }

  @Test
  void speechTooShortToHaveBeenSentIsDropped() {
    policy.onSpeechStart(0);
    audio(200);
    assertTrue(policy.onSpeechEnd(Pcm16k.msToSamples(200)).isEmpty());
  }
}
