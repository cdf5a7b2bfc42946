package io.captiond.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AudioWindow;
import io.captiond.asr.Transcript;
import io.captiond.asr.WordTiming;
import io.captiond.vad.SpeechEdge;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodeLoopTest {

  private static final Transcript HEARD = new Transcript(List.of(), "en", WordTiming.ALIGNED);

  /** A policy that asks for nothing itself and records what it hears. */
  private static final class RecordingPolicy implements CaptionPolicy {
    final List<DecodeJob> skipped = new ArrayList<>();
    final List<DecodeJob> transcribed = new ArrayList<>();
    final List<String> speech = new ArrayList<>();

    @Override
    public List<DecodeJob> onAudio(short[] samples) {
      return List.of();
    }

    @Override
    public List<DecodeJob> onSpeechStart(long sample) {
      speech.add("start " + sample);
      return List.of();
    }

    @Override
    public List<DecodeJob> onSpeechEnd(long sample) {
      speech.add("end " + sample);
      return List.of(job(DecodeJob.Kind.FINAL, sample / 16));
    }

    @Override
    public List<DecodeJob> onEndOfStream() {
      speech.add("end of audio");
      return List.of();
    }

    @Override
    public List<CaptionUpdate> onTranscript(DecodeJob job, Transcript transcript) {
      transcribed.add(job);
      return List.of(CaptionUpdate.confirmed("at " + job.window().startMs(), job.window().startMs(),
          job.window().startMs()));
    }

    @Override
    public void onSkipped(DecodeJob job) {
      skipped.add(job);
    }

    @Override
    public String prompt() {
      return "prompt " + transcribed.size();
    }
  }

  private record Ask(DecodeJob job, String prompt, int attempt) {}

  private final RecordingPolicy policy = new RecordingPolicy();
  private final List<Ask> asked = new ArrayList<>();
  private final List<CaptionUpdate> captions = new ArrayList<>();
  private final List<DecodeJob> gaps = new ArrayList<>();
  private final List<DecodeJob> finished = new ArrayList<>();
  private final DecodeLoop loop = new DecodeLoop("s", policy, 16,
      (job, prompt, attempt) -> asked.add(new Ask(job, prompt, attempt)), new DecodeLoop.Listener() {
        @Override
        public void transcribed(DecodeJob job, List<CaptionUpdate> updates) {
          captions.addAll(updates);
        }

        @Override
        public void gap(DecodeJob job, String why) {
          gaps.add(job);
        }

        @Override
        public void finished(DecodeJob job) {
          finished.add(job);
        }

        @Override
        public void recognizerHealth(String problem) {
          health.add(problem == null ? "well" : problem);
        }
      });
  private final List<String> health = new ArrayList<>();

  @Test
  void asksForOneWindowAtATimeWithThePromptAtItsStart() {
    DecodeJob first = job(DecodeJob.Kind.FINAL, 0);
    DecodeJob second = job(DecodeJob.Kind.FINAL, 1_000);
    loop.offer(List.of(first, second));
    assertEquals(List.of(new Ask(first, "prompt 0", 1)), asked);
    assertEquals(2, loop.depth());
    loop.succeeded(first, HEARD);
    assertEquals(new Ask(second, "prompt 1", 1), asked.get(1));
    assertEquals(List.of(CaptionUpdate.confirmed("at 0", 0, 0)), captions);
    loop.succeeded(second, HEARD);
    assertTrue(loop.idle());
    assertEquals(2, loop.done());
    assertEquals(List.of(first, second), finished);
  }

  @Test
  void retriesAFailedFinalOnceThenGivesItUpAsAGap() {
    DecodeJob last = job(DecodeJob.Kind.FINAL, 0);
    loop.offer(List.of(last));
    loop.failed(last, "timeout");
    assertEquals(new Ask(last, "prompt 0", 2), asked.get(1));
    assertTrue(finished.isEmpty(), "still in flight while retried");
    loop.failed(last, "timeout again");
    assertEquals(List.of(last), policy.skipped);
    assertEquals(List.of(last), gaps);
    assertEquals(1, loop.gaps());
    assertTrue(loop.idle());
  }

  @Test
  void givesUpAFailedPartialAtOnceWithoutAGap() {
    DecodeJob partial = job(DecodeJob.Kind.PARTIAL, 0);
    loop.offer(List.of(partial));
    loop.failed(partial, "busy");
    assertEquals(1, asked.size());
    assertEquals(List.of(partial), policy.skipped);
    assertEquals(List.of(), gaps);
    assertTrue(loop.idle());
  }

  @Test
  void ignoresAnAnswerForAJobNotInFlight() {
    DecodeJob first = job(DecodeJob.Kind.FINAL, 0);
    loop.offer(List.of(first));
    loop.succeeded(first, HEARD);
    loop.succeeded(first, HEARD);
    loop.failed(first, "late");
    assertEquals(1, policy.transcribed.size());
    assertEquals(List.of(), policy.skipped);
    assertEquals(1, loop.done());
  }

  @Test
  void passesSpeechEdgesToThePolicyAndQueuesWhatItAsks() {
    loop.speech(List.of(SpeechEdge.start(160), SpeechEdge.end(32_000)));
    assertEquals(List.of("start 160", "end 32000"), policy.speech);
    assertEquals(2_000, asked.get(0).job().window().startMs());
  }

  @Test
  void endingSpeechClosesItWithTheVadsEdgeThenThePolicyAndAsksForTheFinalAtOnce() {
    loop.speech(List.of(SpeechEdge.start(160)));
    loop.endSpeech(List.of(SpeechEdge.end(48_000)));
    assertEquals(List.of("start 160", "end 48000", "end of audio"), policy.speech);
    assertEquals(1, asked.size());
    assertEquals(DecodeJob.Kind.FINAL, asked.get(0).job().kind());
    assertEquals(3_000, asked.get(0).job().window().startMs());
  }

  @Test
  void endingSpeechWithoutAnEdgeStillLetsThePolicyCloseWhatItHolds() {
    loop.endSpeech(List.of());
    assertEquals(List.of("end of audio"), policy.speech);
    assertTrue(asked.isEmpty());
  }

  @Test
  void whileCatchingUpOnlyPartialsOfALongWindowAndFinalsAreDecoded() {
    DecodeJob first = job(DecodeJob.Kind.FINAL, 0);
    loop.offer(List.of(first));
    loop.catchUp(true);
    DecodeJob shortPartial = job(DecodeJob.Kind.PARTIAL, 1_000);
    DecodeJob longPartial = new DecodeJob(DecodeJob.Kind.PARTIAL, 1, new AudioWindow(2_000, new short[16 * 12_000]));
    DecodeJob last = job(DecodeJob.Kind.FINAL, 14_000);
    loop.offer(List.of(shortPartial));
    loop.offer(List.of(longPartial));
    loop.succeeded(first, HEARD);
    loop.offer(List.of(last));
    loop.catchUp(false);
    loop.succeeded(longPartial, HEARD);
    DecodeJob livePartial = job(DecodeJob.Kind.PARTIAL, 15_000);
    loop.offer(List.of(livePartial));
    loop.succeeded(last, HEARD);
    assertEquals(List.of(first, longPartial, last, livePartial), asked.stream().map(Ask::job).toList());
  }

  @Test
  void threeWindowsSkippedInARowDegradeTheStreamAndTheNextSuccessHealsIt() {
    for (int i = 0; i < DecodeLoop.DEGRADED_AFTER - 1; i++) {
      DecodeJob partial = job(DecodeJob.Kind.PARTIAL, i * 1_000L);
      loop.offer(List.of(partial));
      loop.failed(partial, "busy");
    }
    assertEquals(List.of(), health, "two in a row are a hiccup");
    DecodeJob last = job(DecodeJob.Kind.FINAL, 5_000);
    loop.offer(List.of(last));
    loop.failed(last, "timeout");
    loop.failed(last, "no ASR worker could take the window");
    assertEquals(1, health.size());
    assertTrue(health.get(0).startsWith("3 windows in a row skipped; last: no ASR worker"), health.get(0));
    DecodeJob next = job(DecodeJob.Kind.FINAL, 9_000);
    loop.offer(List.of(next));
    loop.succeeded(next, HEARD);
    assertEquals("well", health.get(1));
    DecodeJob after = job(DecodeJob.Kind.FINAL, 12_000);
    loop.offer(List.of(after));
    loop.succeeded(after, HEARD);
    assertEquals(2, health.size(), "healthy once, not at every window");
  }

  private static DecodeJob job(DecodeJob.Kind kind, long startMs) {
    return new DecodeJob(kind, 1, new AudioWindow(startMs, new short[160]));
  }
}
