package io.captiond.session;

import static io.captiond.session.StreamingPolicyTest.said;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.media.Pcm16k;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A recognizer that lost an utterance costs a re-decode of it, never its text. */
class DecodeLoopResyncTest {

  private final IncrementalPolicy policy = new IncrementalPolicy(IncrementalPolicy.Config.defaults(), "s", 1, 0);
  private final List<DecodeJob> asked = new ArrayList<>();
  private final List<CaptionUpdate> captions = new ArrayList<>();
  private final List<DecodeJob> gaps = new ArrayList<>();
  private final DecodeLoop loop = new DecodeLoop("s", policy, 4, (job, prompt, attempt) -> asked.add(job),
      new DecodeLoop.Listener() {
        @Override
        public void transcribed(DecodeJob job, List<CaptionUpdate> updates) {
          captions.addAll(updates);
        }

        @Override
        public void gap(DecodeJob job, String why) {
          gaps.add(job);
        }
      });

  private void audio(long ms) {
    for (long t = 0; t < ms; t += 100) {
      loop.offer(policy.onAudio(new short[(int) Pcm16k.msToSamples(100)]));
    }
  }

  @Test
  void aLostUtteranceIsSentAgainFromItsFirstSampleInPlaceOfThePieceAndItsFinalStillComes() {
    loop.offer(policy.onSpeechStart(0));
    audio(1_000);
    DecodeJob first = asked.get(0);
    loop.succeeded(first, said(0, "the birch"));
    audio(1_000);
    DecodeJob second = asked.get(1);
    assertTrue(second.feed().offset() > 0);

    loop.resync(second, "worker restarted");
    DecodeJob again = asked.get(2);
    assertEquals(0, again.feed().offset());
    assertEquals(0, again.window().startMs());
    assertEquals(2_000, again.window().durationMs());
    assertEquals(1, loop.resyncs());
    loop.succeeded(again, said(0, "the birch canoe"));

    loop.offer(policy.onSpeechEnd(Pcm16k.msToSamples(2_000)));
    DecodeJob last = asked.get(3);
    assertTrue(last.feed().last());
    loop.succeeded(last, said(0, "the birch canoe slid"));
    String confirmed = String.join(" ", captions.stream().filter(CaptionUpdate::confirmed).map(CaptionUpdate::text).toList());
    assertEquals("the birch canoe slid", confirmed);
    assertTrue(gaps.isEmpty());
  }

  @Test
  void aLostPieceThatAlreadyStartsAtTheUtterancesFirstSampleFailsInsteadOfResyncingAgain() {
    loop.offer(policy.onSpeechStart(0));
    audio(1_000);
    loop.offer(policy.onSpeechEnd(Pcm16k.msToSamples(1_000)));
    loop.resync(asked.get(0), "lost");
    assertEquals(0, loop.resyncs());
    assertEquals(2, asked.size(), "the partial was given up and the final sent next: " + asked);
    assertTrue(asked.get(1).isFinal());
  }
}
