package io.captiond.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * Two minutes of continuous speech (a word every 400 ms, no sentence end to trim at) through the real
 * decode loop, with an exact engine whose decodes take stream time that grows with the window, as
 * pocketsphinx's do: on a busy machine the re-decoded window must not outgrow the engine.
 */
class StreamingPolicyPacingTest {

  private static final StreamingPolicy.Config PACED = StreamingPolicy.Config.defaults().withMaxStep(4_000);
  private static final int SPEECH_SECONDS = 120;

  /** A busy machine: 400 ms of engine time per second of audio decoded, and 100 ms a decode. */
  private static long busy(DecodeJob job) {
    return 100 + job.window().durationMs() * 2 / 5;
  }

  /** An engine that cannot decode the audio even once as fast as it comes: 1.4 s per second of audio. */
  private static long overloaded(DecodeJob job) {
    return 100 + job.window().durationMs() * 7 / 5;
  }

  /** A quiet one: 10 ms per second of audio, and 50 ms a decode. */
  private static long quiet(DecodeJob job) {
    return 50 + job.window().durationMs() / 100;
  }

  @Test
  void onABusyMachineTheCaptionsKeepUpWithTheSpeechAndLoseNoWord() {
    StreamingPolicyTest.Truth truth = speech();
    Run paced = run(PACED, truth, job -> busy(job));
    // About two 4 s steps and a decode at most (10.5 s), a little more while the pace steps between skipping and
    // agreeing.
    assertTrue(paced.worstLagLast40sMs < 15_000, "confirmed words trail the speech by a bounded lag: " + paced);
    assertEquals(truth.textUpTo(Long.MAX_VALUE), paced.session.confirmedText(), "each word once, in order");
    assertTrue(paced.session.issued.stream().allMatch(j -> j.window().durationMs() <= PACED.maxWindowMs()));
  }

  @Test
  void withoutPacingTheSameMachineFallsFurtherBehind() {
    Run fixed = run(StreamingPolicy.Config.defaults(), speech(), job -> busy(job));
    assertTrue(fixed.worstLagMs > 20_000, "the growing window outgrows the engine: " + fixed);
  }

  @Test
  void anEngineSlowerThanRealTimeSkipsAudioAtTheSlowestPaceAndStaysLive() {
    StreamingPolicyTest.Truth truth = speech();
    Run paced = run(PACED, truth, job -> overloaded(job));
    // Each decode covers the newest 6 s (8.5 s of engine time) and confirms its words at once: the lag saws between
    // a decode and two decodes and a step, about 9-21 s, where it otherwise grows by 0.4 s every second.
    assertTrue(paced.worstLagLast40sMs < 24_000, "bounded, not ever later: " + paced);
    assertTrue(paced.session.policy.skippedAudioMs() > 10_000, "audio skipped: " + paced.session.policy.skippedAudioMs());
    List<String> said = words(truth.textUpTo(Long.MAX_VALUE));
    List<String> confirmed = words(paced.session.confirmedText());
    assertTrue(confirmed.size() > said.size() / 3, "most of what is decoded is kept: " + confirmed.size());
    int at = 0;
    for (String word : confirmed) {
      while (at < said.size() && !said.get(at).equals(word)) {
        at++;
      }
      assertTrue(at++ < said.size(), "confirmed words are said words, once each, in order: " + word);
    }
    Run fixed = run(StreamingPolicy.Config.defaults(), speech(), job -> overloaded(job));
    assertTrue(fixed.worstLagLast40sMs > 40_000, "without pacing: " + fixed);
  }

  private static List<String> words(String text) {
    return Arrays.stream(text.split(" ")).filter(w -> !w.isEmpty()).toList();
  }

  @Test
  void returnsToTheConfiguredPaceOnceTheMachineIsQuietAgain() {
    long[] busyUntilMs = {SPEECH_SECONDS * 1000 / 2};
    ScriptedSession[] session = new ScriptedSession[1];
    Run run = run(PACED, speech(), job -> session[0].positionMs() < busyUntilMs[0] ? busy(job) : quiet(job), session);
    assertEquals(new DecodePacer.Pace(1_000, 30_000, run.lastPace.lastDecodeMs()), run.lastPace,
        "the configured step and window: " + run);
    assertTrue(run.slowedAtHalfTime, "slowed down while the machine was busy: " + run);
  }

  @Test
  void aQuietMachineKeepsTheConfiguredPace() {
    Run run = run(PACED, speech(), job -> quiet(job));
    assertEquals(1_000, run.lastPace.stepMs());
    assertEquals(30_000, run.lastPace.windowCapMs());
    assertTrue(run.worstLagMs < 3_000, run.toString());
  }

  /** A word every 400 ms, each of its own made-up syllables (text that repeats would be taken for a loop). */
  private static StreamingPolicyTest.Truth speech() {
    StreamingPolicyTest.Truth truth = new StreamingPolicyTest.Truth();
    java.util.Random random = new java.util.Random(7);
    String[] syllables = {"ka", "lo", "mi", "ren", "to", "sa", "vu", "pel", "dor", "gi", "ne", "bra", "fu", "ch"};
    for (int i = 0; i < SPEECH_SECONDS * 1000 / 400 - 1; i++) {
      StringBuilder word = new StringBuilder();
      for (int n = 1 + random.nextInt(3); n > 0; n--) {
        word.append(syllables[random.nextInt(syllables.length)]);
      }
      truth.add(word.toString(), 200 + i * 400L, 200 + i * 400L + 300);
    }
    return truth;
  }

  private record Run(ScriptedSession session, long worstLagMs, long worstLagLast40sMs, boolean slowedAtHalfTime,
      DecodePacer.Pace lastPace) {
    @Override
    public String toString() {
      return "worst lag " + worstLagMs + " ms (from 30 s on), " + worstLagLast40sMs + " ms in the last 40 s, slowed at half time " + slowedAtHalfTime + ", pace at the"
          + " end " + lastPace + ", " + session.decoded.size() + " decodes";
    }
  }

  private static Run run(StreamingPolicy.Config config, StreamingPolicyTest.Truth truth, ToLongFunction<DecodeJob> cost) {
    return run(config, truth, cost, new ScriptedSession[1]);
  }

  private static Run run(StreamingPolicy.Config config, StreamingPolicyTest.Truth truth, ToLongFunction<DecodeJob> cost,
      ScriptedSession[] holder) {
    ScriptedSession s = StreamingPolicyTest.session(config, truth::exact);
    holder[0] = s;
    s.decodeTime = cost;
    s.speechStart(0);
    long worstLag = 0;
    long worstLagLast40s = 0;
    boolean slowedAtHalfTime = false;
    for (int second = 1; second <= SPEECH_SECONDS; second++) {
      s.audio(1_000);
      long confirmedEnd = s.confirmed().stream().mapToLong(CaptionUpdate::endMs).max().orElse(0);
      if (second >= 30) {
        worstLag = Math.max(worstLag, s.positionMs() - confirmedEnd);
      }
      if (second > SPEECH_SECONDS - 40) {
        worstLagLast40s = Math.max(worstLagLast40s, s.positionMs() - confirmedEnd);
      }
      if (second == SPEECH_SECONDS / 2) {
        slowedAtHalfTime = s.policy.pace().map(p -> p.stepMs() > 1_000 || p.windowCapMs() < 30_000).orElse(false);
      }
    }
    DecodePacer.Pace last = s.policy.pace().orElse(new DecodePacer.Pace(config.stepMs(), config.maxWindowMs(), -1));
    s.speechEnd(s.positionMs()).audio(10_000).endOfStream(); // the last decodes take stream time too
    return new Run(s, worstLag, worstLagLast40s, slowedAtHalfTime, last);
  }
}
