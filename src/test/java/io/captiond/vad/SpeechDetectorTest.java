package io.captiond.vad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scripted probabilities through the detector. Defaults: threshold 0.5 (negative 0.35), min speech
 * 250 ms = 4000 samples, min silence 300 ms = 4800 samples, pad 200 ms = 3200 samples; one frame is
 * 512 samples.
 */
class SpeechDetectorTest {

  private static final float SPEECH = 0.9f;
  private static final float SILENCE = 0.1f;
  private static final float NEUTRAL = 0.4f; // between the negative threshold and the threshold
  private static final int F = VadSettings.FRAME_SAMPLES;

  private final Script script = new Script(VadSettings.defaults(Path.of("vad.onnx")));

  @Test
  void reportsStartOnlyAfterMinSpeechPaddedBack() {
    script.feed(SILENCE, 10).feed(SPEECH, 7);
    assertEquals(List.of(), script.edges);
    // Speech opened at frame 10; frame 17 ends 8 frames (4096 samples) later, past 4000.
    script.feed(SPEECH, 1);
    assertEquals(List.of(new Reported(17, SpeechEdge.start(10 * F - 3200))), script.edges);
  }

  @Test
  void reportsEndAfterMinSilencePaddedForward() {
    script.feed(SILENCE, 10).feed(SPEECH, 40).feed(SILENCE, 9);
    assertEquals(1, script.edges.size());
    // Silence began at frame 50 (25 600); frame 59 ends 5 120 samples later, past 4800.
    script.feed(SILENCE, 1);
    assertEquals(new Reported(59, SpeechEdge.end(50 * F + 3200)), script.edges.get(1));
    script.feed(SILENCE, 50);
    assertEquals(2, script.edges.size());
    assertEquals(List.of(), script.detector.flush());
  }

  @Test
  void ignoresBlipsShorterThanMinSpeech() {
    script.feed(SILENCE, 10).feed(SPEECH, 5).feed(SILENCE, 30).feed(SPEECH, 3).feed(SILENCE, 5);
    assertEquals(List.of(), script.edges);
    assertEquals(List.of(), script.detector.flush());
  }

  @Test
  void keepsSpeechThroughPausesShorterThanMinSilence() {
    script.feed(SPEECH, 40).feed(SILENCE, 9).feed(SPEECH, 20); // 9 frames: 4608 samples, short of 4800
    assertEquals(List.of(new Reported(7, SpeechEdge.start(0))), script.edges);
    assertTrue(script.detector.inSpeech());
  }

  @Test
  void countsAShortDipInsideACandidateTowardsMinSpeech() {
    // 4 frames of speech, a 3-frame dip, then speech: 4000 samples after the start come at frame 7.
    script.feed(SILENCE, 2).feed(SPEECH, 4).feed(SILENCE, 3).feed(SPEECH, 2);
    assertEquals(List.of(new Reported(9, SpeechEdge.start(0))), script.edges);
  }

  @Test
  void neutralFramesNeitherStartNorEndSpeech() {
    script.feed(NEUTRAL, 100);
    assertEquals(List.of(), script.edges);
    script.feed(SPEECH, 10).feed(NEUTRAL, 100);
    assertEquals(1, script.edges.size());
    assertTrue(script.detector.inSpeech());
    // A neutral frame after silence began does not cancel it.
    script.feed(SILENCE, 1).feed(NEUTRAL, 15);
    assertEquals(SpeechEdge.end(210 * F + 3200), script.edges.get(1).edge());
  }

  @Test
  void neverPadsStartBeforeZero() {
    script.feed(SPEECH, 1).feed(SPEECH, 10);
    assertEquals(SpeechEdge.start(0), script.edges.get(0).edge());
  }

  @Test
  void neverStartsBeforeThePreviousEnd() {
    Script quick = new Script(new VadSettings(Path.of("vad.onnx"), 0.5f, 100, 250, 200, 1));
    // Silence from frame 20 (10 240) lasts 1600 samples by the end of frame 23: END would be
    // 13 440 padded, but only 12 288 has been heard. The next START, 3200 before frame 26, would
    // fall before that END. The second END is capped the same way, at the end of frame 39.
    quick.feed(SPEECH, 20).feed(SILENCE, 6).feed(SPEECH, 10).feed(SILENCE, 20);
    List<SpeechEdge> edges = quick.edges.stream().map(Reported::edge).toList();
    assertEquals(List.of(SpeechEdge.start(0), SpeechEdge.end(24 * F), SpeechEdge.start(24 * F),
        SpeechEdge.end(40 * F)), edges);
  }

  @Test
  void flushClosesOpenSpeechAtTheEndOfTheAudio() {
    script.feed(SPEECH, 30);
    assertEquals(List.of(SpeechEdge.end(30 * F)), script.detector.flush());
    assertFalse(script.detector.inSpeech());
  }

  @Test
  void flushDuringAPauseEndsSpeechPaddedButNotPastTheAudio() {
    script.feed(SPEECH, 30).feed(SILENCE, 5);
    assertEquals(List.of(SpeechEdge.end(35 * F)), script.detector.flush());
  }

  @Test
  void flushDropsAnUnconfirmedCandidateAndStartsAfresh() {
    script.feed(SPEECH, 3);
    assertEquals(List.of(), script.detector.flush());
    // A new stream may start at sample 0 again.
    assertEquals(List.of(), script.detector.accept(0, SILENCE));
  }

  @Test
  void reportsStartOnTheFirstFrameWhenMinSpeechIsZero() {
    Script eager = new Script(new VadSettings(Path.of("vad.onnx"), 0.5f, 500, 0, 0, 1));
    eager.feed(SILENCE, 3).feed(SPEECH, 1);
    assertEquals(List.of(new Reported(3, SpeechEdge.start(3 * F))), eager.edges);
  }

  @Test
  void acceptsAFirstFrameAfterZero() {
    SpeechDetector detector = new SpeechDetector(VadSettings.defaults(Path.of("vad.onnx")));
    detector.accept(100 * F, SILENCE);
    assertThrows(IllegalArgumentException.class, () -> detector.accept(100 * F, SILENCE));
    assertEquals(List.of(), detector.accept(101 * F, SILENCE));
  }

  @Test
  void rejectsAGapBetweenFrames() {
    script.feed(SILENCE, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> script.detector.accept(3 * F, SILENCE));
    assertTrue(e.getMessage().contains("expected a frame at sample " + 2 * F), e.getMessage());
  }

  @Test
  void rejectsProbabilitiesOutsideZeroToOne() {
    SpeechDetector detector = script.detector;
    assertThrows(IllegalArgumentException.class, () -> detector.accept(0, Float.NaN));
    assertThrows(IllegalArgumentException.class, () -> detector.accept(0, 1.5f));
    assertThrows(IllegalArgumentException.class, () -> detector.accept(0, -0.1f));
    assertThrows(IllegalArgumentException.class, () -> detector.accept(-F, 0.5f));
  }

  private record Reported(int frame, SpeechEdge edge) {}

  /** Feeds runs of equal probabilities and records each edge with the frame that reported it. */
  private static final class Script {
    final SpeechDetector detector;
    final List<Reported> edges = new ArrayList<>();
    int frame;

    Script(VadSettings config) {
      detector = new SpeechDetector(config);
    }

    Script feed(float probability, int frames) {
      for (int i = 0; i < frames; i++, frame++) {
        for (SpeechEdge edge : detector.accept((long) frame * F, probability)) {
          edges.add(new Reported(frame, edge));
        }
      }
      return this;
    }
  }
}
