package io.captiond.captions.hls;

import static io.captiond.captions.hls.SubtitleSegmenterTest.cue;
import static io.captiond.captions.hls.SubtitleSegmenterTest.video;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Synced mode's pace: a segment whose captions are ready is still listed no sooner than the stream's video delay. */
class SubtitleSegmenterPacedTest {

  /** Budget 3 s, at most 14 s, no start segments, paced from a least delay of 1 s. */
  private final SubtitleSegmenter paced = new SubtitleSegmenter(new SubtitleSegmenter.Config(3_000, 6, 0, 14_000,
      1_000));

  @Test
  void aSegmentWhoseCaptionsAreReadyWaitsForTheLeastDelayAfterItWasSeen() {
    paced.addVideo(video(0, 0, 2_000), 10_000);
    paced.addCue(cue(500, 1_500, "ask not"));
    paced.settledUntil(2_000);
    assertTrue(paced.publish(10_200).isEmpty(), "its captions are ready, but the video goes 1 s after it was seen");
    List<SubtitleSegmenter.Published> published = paced.publish(11_000);
    assertEquals(1, published.size());
    assertEquals(SubtitleSegmenter.Reason.CONFIRMED, published.get(0).reason());
    assertEquals(1_000, published.get(0).heldMs(), "held in all (the video delay)");
    assertEquals(200, published.get(0).waitedMs(), "of which it waited for its captions");
  }

  @Test
  void aSegmentThatWaitedLongerForItsCaptionsSetsThePaceOfTheOnesAfterIt() {
    paced.addVideo(video(0, 0, 2_000), 0);
    paced.settledUntil(2_000);
    assertEquals(1, paced.publish(1_000).size(), "at the least delay");
    paced.addVideo(video(1, 2_000, 4_000), 2_000);
    assertTrue(paced.publish(4_000).isEmpty());
    paced.settledUntil(4_000);
    assertEquals(2_900, paced.publish(4_900).get(0).waitedMs(), "its next sentence was confirmed late");
    assertEquals(2_800, paced.videoDelayMs(), "the delay rose at once to that wait (less the 100 ms step of a"
        + " 2 s segment listed)");
    paced.addVideo(video(2, 4_000, 6_000), 4_000);
    paced.settledUntil(6_000);
    assertTrue(paced.publish(4_000).isEmpty(), "ready at once, but listed at the stream's pace");
    assertTrue(paced.publish(6_799).isEmpty());
    List<SubtitleSegmenter.Published> third = paced.publish(6_800);
    assertEquals(1, third.size());
    assertEquals(2_800, third.get(0).heldMs());
    assertEquals(0, third.get(0).waitedMs());
  }

  @Test
  void aSegmentThatSettlesWhileTheOneBeforeWaitsForItsTurnWaitedOnlyUntilThen() {
    paced.addVideo(video(0, 0, 2_000), 0);
    paced.addVideo(video(1, 2_000, 4_000), 500);
    paced.settledUntil(4_000);
    assertTrue(paced.publish(600).isEmpty());
    List<SubtitleSegmenter.Published> both = paced.publish(1_500);
    assertEquals(List.of(0L, 1L), both.stream().map(p -> p.segment().sequence()).toList(),
        "the second is due 1 s after it was seen, as the first");
    assertEquals(100, both.get(1).waitedMs());
    assertEquals(1_000, both.get(1).heldMs());
  }

  @Test
  void aSegmentOutByItsBudgetRaisesTheDelayToTheBudget() {
    paced.addVideo(video(0, 0, 2_000), 0);
    paced.transcribedUntil(2_000, 0);
    assertTrue(paced.publish(2_999).isEmpty());
    SubtitleSegmenter.Published out = paced.publish(3_000).get(0);
    assertEquals(SubtitleSegmenter.Reason.BUDGET, out.reason());
    assertEquals(2_900, paced.videoDelayMs(), "3 s, less the step of the segment that went");
  }

  @Test
  void theDelayNeverPassesTheLongestHold() {
    paced.addVideo(video(0, 0, 2_000), 0);
    assertTrue(paced.publish(13_999).isEmpty(), "never transcribed");
    assertEquals(SubtitleSegmenter.Reason.BUDGET, paced.publish(14_000).get(0).reason());
    paced.addVideo(video(1, 2_000, 4_000), 14_000);
    paced.settledUntil(4_000);
    assertTrue(paced.publish(27_899).isEmpty());
    assertEquals(1, paced.publish(27_900).size(), "14 s, less one step");
  }

  @Test
  void whenTheStreamFinishesTheSegmentsWaitingForTheirTurnGoAtOnce() {
    paced.addVideo(video(0, 0, 2_000), 0);
    paced.addVideo(video(1, 2_000, 4_000), 0);
    paced.settledUntil(2_000);
    assertTrue(paced.publish(100).isEmpty());
    paced.finish();
    List<SubtitleSegmenter.Published> out = paced.publish(200);
    assertEquals(List.of(SubtitleSegmenter.Reason.CONFIRMED, SubtitleSegmenter.Reason.END),
        out.stream().map(SubtitleSegmenter.Published::reason).toList());
  }

  @Test
  void theSegmentsThatGoAtOnceAtTheEndLeaveTheWindowThePlayersAreOn() {
    SubtitleSegmenter small = new SubtitleSegmenter(new SubtitleSegmenter.Config(3_000, 2, 0, 14_000, 1_000));
    small.addVideo(video(0, 0, 2_000), 0);
    small.addVideo(video(1, 2_000, 4_000), 0);
    small.settledUntil(10_000);
    assertEquals(2, small.publish(1_000).size(), "two at the pace");
    for (int i = 2; i < 5; i++) {
      small.addVideo(video(i, i * 2_000L, (i + 1) * 2_000L), 1_200);
    }
    assertTrue(small.publish(1_300).isEmpty(), "ready, not yet their turn");
    small.finish();
    assertEquals(3, small.publish(1_400).size(), "the rest at once");
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), small.window().stream().map(SubtitleSegmenter.Segment::sequence)
        .toList(), "a player on the first segment listed still finds it");
  }

  @Test
  void anUnpacedSegmenterPublishesAsSoonAsTheCaptionsAreReady() {
    SubtitleSegmenter live = new SubtitleSegmenter(new SubtitleSegmenter.Config(3_000, 6, 0, 14_000));
    live.addVideo(video(0, 0, 2_000), 0);
    live.settledUntil(2_000);
    assertEquals(1, live.publish(10).size());
    assertEquals(SubtitleSegmenter.Config.NOT_PACED, live.videoDelayMs());
  }

  @Test
  void aLeastDelayBeyondTheLongestHoldIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SubtitleSegmenter.Config(3_000, 6, 0, 14_000, 14_001));
    assertThrows(IllegalArgumentException.class, () -> new SubtitleSegmenter.Config(3_000, 6, 0, 14_000, -2));
  }
}
