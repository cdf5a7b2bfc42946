package io.captiond.captions.hls;

import static io.captiond.captions.hls.SubtitleSegmenterTest.video;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HoldBackBudgetTest {

  /** Segments published before one past the start segments. */
  private static final long LATER = 2;

  /** Budget 3 s from transcription, at most 20 s from being seen; the first two segments wait up to 6 s. */
  private final HoldBackBudget budget = new HoldBackBudget(new SubtitleSegmenter.Config(3_000, 5, 2, 20_000));

  @Test
  void anUntranscribedSegmentWaitsTheLongestHoldFromWhenItWasSeen() {
    assertEquals(21_000, budget.endsAtMs(seenAt(1_000), LATER));
  }

  @Test
  void aTranscribedSegmentWaitsTheHoldBackFromItsTranscription() {
    WaitingSegment segment = seenAt(1_000);
    segment.transcribed(5_000);
    assertEquals(8_000, budget.endsAtMs(segment, LATER));
  }

  @Test
  void aSegmentTranscribedLateStillWaitsNoLongerThanTheLongestHold() {
    WaitingSegment segment = seenAt(1_000);
    segment.transcribed(19_000);
    assertEquals(21_000, budget.endsAtMs(segment, LATER));
  }

  @Test
  void theStartSegmentsWaitTwiceTheHoldBackFromWhenSeenWheneverTheyWereTranscribed() {
    WaitingSegment segment = seenAt(1_000);
    assertEquals(7_000, budget.endsAtMs(segment, 0));
    segment.transcribed(1_500);
    assertEquals(7_000, budget.endsAtMs(segment, 1), "the second start segment too");
    assertEquals(4_500, budget.endsAtMs(segment, LATER), "the third counts from its transcription");
  }

  @Test
  void theStartBoundIsNoLongerThanTheLongestHold() {
    HoldBackBudget tight = new HoldBackBudget(new SubtitleSegmenter.Config(3_000, 5, 2, 4_000));
    assertEquals(5_000, tight.endsAtMs(seenAt(1_000), 0));
  }

  @Test
  void captionsSettledLongAfterTheTranscriptionStretchTheBudgetToThatLag() {
    assertEquals(3_000, budget.afterTranscriptionMs());
    budget.transcribed(2_000, 0);
    budget.settled(2_000, 7_000);
    assertEquals(7_000 + ConfirmationLag.SLACK_MS, budget.afterTranscriptionMs());
    WaitingSegment segment = seenAt(8_000);
    segment.transcribed(9_000);
    assertEquals(9_000 + 7_000 + ConfirmationLag.SLACK_MS, budget.endsAtMs(segment, LATER));
  }

  @Test
  void onceTheSourceHasEndedEverySegmentWaitsTheLongestHoldFromThenAndTheFirstEndCounts() {
    WaitingSegment transcribed = seenAt(1_000);
    transcribed.transcribed(1_000);
    budget.sourceEnded(2_000);
    budget.sourceEnded(9_000);
    assertEquals(22_000, budget.endsAtMs(transcribed, LATER));
    assertEquals(22_000, budget.endsAtMs(seenAt(1_500), 0), "a start segment too");
  }

  private static WaitingSegment seenAt(long nowMs) {
    return new WaitingSegment(video(0, 0, 2_000), nowMs);
  }
}
