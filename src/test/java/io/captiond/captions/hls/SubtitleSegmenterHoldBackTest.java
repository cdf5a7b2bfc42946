package io.captiond.captions.hls;

import static io.captiond.captions.hls.SubtitleSegmenterTest.cue;
import static io.captiond.captions.hls.SubtitleSegmenterTest.video;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The hold-back budget counted from when the engine had a segment's audio, and the first segments' wait. */
class SubtitleSegmenterHoldBackTest {

  /** Budget 3 s from transcription, at most 20 s from being seen; no start segments. */
  private final SubtitleSegmenter segmenter = new SubtitleSegmenter(new SubtitleSegmenter.Config(3_000, 5, 0, 20_000));

  @Test
  void anEngineThatFallsBehindPushesTheHoldBackInsteadOfLettingTheSegmentOutWithoutItsCaptions() {
    segmenter.addVideo(video(0, 0, 2_000), 0);
    assertTrue(segmenter.publish(3_000).isEmpty(), "seen 3 s ago, but its audio is not transcribed yet");
    segmenter.transcribedUntil(2_000, 8_000);
    assertTrue(segmenter.publish(10_999).isEmpty(), "the budget runs from the transcription");
    List<SubtitleSegmenter.Published> published = segmenter.publish(11_000);
    assertEquals(SubtitleSegmenter.Reason.BUDGET, published.get(0).reason());
    assertEquals(11_000, published.get(0).heldMs());
  }

  @Test
  void aSegmentWhoseCuesComeInTheBudgetAfterTheTranscriptionCarriesThem() {
    segmenter.addVideo(video(0, 0, 2_000), 0);
    segmenter.transcribedUntil(2_500, 6_000);
    segmenter.addCue(cue(1_000, 1_900, "late but in time"));
    segmenter.settledUntil(2_000);
    List<SubtitleSegmenter.Published> published = segmenter.publish(7_000);
    assertEquals(SubtitleSegmenter.Reason.CONFIRMED, published.get(0).reason());
    assertEquals("late but in time", published.get(0).segment().cues().get(0).lines().get(0));
  }

  @Test
  void aSegmentSeenAfterItsAudioWasTranscribedCountsItsBudgetFromWhenItWasSeen() {
    segmenter.transcribedUntil(4_000, 1_000);
    segmenter.addVideo(video(0, 0, 2_000), 5_000);
    assertTrue(segmenter.publish(7_999).isEmpty());
    assertEquals(1, segmenter.publish(8_000).size());
  }

  @Test
  void anEngineThatNeverGetsThereHoldsASegmentNoLongerThanTheLongestHold() {
    segmenter.addVideo(video(0, 0, 2_000), 0);
    segmenter.transcribedUntil(1_999, 0);
    assertTrue(segmenter.publish(19_999).isEmpty());
    assertEquals(SubtitleSegmenter.Reason.BUDGET, segmenter.publish(20_000).get(0).reason());
  }

  @Test
  void theFirstSegmentsWaitNoLongerThanTwiceTheHoldBackSoTheStreamAppearsPromptly() {
    SubtitleSegmenter starting = new SubtitleSegmenter(new SubtitleSegmenter.Config(3_000, 5, 2, 20_000));
    for (int i = 0; i < 3; i++) {
      starting.addVideo(video(i, i * 2_000L, (i + 1) * 2_000L), 0);
    }
    assertTrue(starting.publish(5_999).isEmpty(), "the engine has not transcribed them");
    List<SubtitleSegmenter.Published> published = starting.publish(6_000);
    assertEquals(2, published.size(), "the first two at twice the hold-back; the third waits for the engine");
    starting.transcribedUntil(6_000, 6_000);
    assertTrue(starting.publish(8_999).isEmpty());
    assertEquals(1, starting.publish(9_000).size(), "the third by the budget after its transcription");
  }

  @Test
  void theFirstSegmentsWaitForTheirCaptionsAfterTheTranscriptionUpToTwiceTheHoldBack() {
    SubtitleSegmenter starting = new SubtitleSegmenter(new SubtitleSegmenter.Config(3_000, 5, 2, 20_000));
    starting.addVideo(video(0, 0, 2_000), 0);
    starting.addVideo(video(1, 2_000, 4_000), 0);
    starting.transcribedUntil(4_000, 500);
    assertTrue(starting.publish(5_999).isEmpty(), "transcribed, the hold-back spent, but the captions not settled");
    starting.addCue(cue(1_000, 1_900, "the first words"));
    starting.settledUntil(2_000);
    List<SubtitleSegmenter.Published> first = starting.publish(5_999);
    assertEquals(1, first.size(), "the first segment as soon as its captions are settled");
    assertEquals(SubtitleSegmenter.Reason.CONFIRMED, first.get(0).reason());
    assertEquals("the first words", first.get(0).segment().cues().get(0).lines().get(0));
    assertEquals(SubtitleSegmenter.Reason.BUDGET, starting.publish(6_000).get(0).reason(),
        "the second by the start bound, twice the hold-back after it was seen");
  }

  @Test
  void captionsThatLatelySettledLongAfterTheTranscriptionStretchTheHoldBackUpToTheLongestHold() {
    segmenter.transcribedUntil(2_000, 0);
    segmenter.settledUntil(2_000, 7_000);
    assertEquals(7_000 + ConfirmationLag.SLACK_MS, segmenter.holdbackBudgetMs(), "measured 7 s behind");
    segmenter.addVideo(video(0, 2_000, 4_000), 8_000);
    segmenter.transcribedUntil(4_000, 9_000);
    assertTrue(segmenter.publish(12_000).isEmpty(), "3 s after the transcription: the hold-back alone would let it go");
    segmenter.addCue(cue(3_000, 3_900, "confirmed 7 s later"));
    segmenter.settledUntil(4_000, 16_000);
    List<SubtitleSegmenter.Published> published = segmenter.publish(16_000);
    assertEquals(SubtitleSegmenter.Reason.CONFIRMED, published.get(0).reason());
    assertEquals("confirmed 7 s later", published.get(0).segment().cues().get(0).lines().get(0));
  }

  @Test
  void theLongestHoldIsAtLeastTheHoldBack() {
    assertThrows(IllegalArgumentException.class, () -> new SubtitleSegmenter.Config(3_000, 5, 0, 2_999));
    assertThrows(IllegalArgumentException.class, () -> new SubtitleSegmenter.Config(3_000, 5, -1, 3_000));
  }
}
