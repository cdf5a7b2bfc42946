package io.captiond.captions.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.captions.CueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubtitleSegmenterTest {

  private final SubtitleSegmenter segmenter = new SubtitleSegmenter(new SubtitleSegmenter.Config(3_000, 3));

  static SubtitleSegmenter.VideoSegment video(long sequence, long startMs, long endMs) {
    return new SubtitleSegmenter.VideoSegment(sequence, startMs, endMs, "X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000");
  }

  static CueLayout.Cue cue(long startMs, long endMs, String text) {
    return new CueLayout.Cue(startMs, endMs, List.of(text));
  }

  @Test
  void aCueSpanningABoundaryIsRepeatedInBothSegments() {
    segmenter.addVideo(video(0, 0, 2_000), 0);
    segmenter.addVideo(video(1, 2_000, 4_000), 0);
    segmenter.addVideo(video(2, 4_000, 6_000), 0);
    segmenter.addCue(cue(500, 1_500, "inside the first"));
    segmenter.addCue(cue(1_800, 4_200, "across three"));
    segmenter.addCue(cue(4_200, 5_000, "in the last"));
    segmenter.settledUntil(6_000);
    List<SubtitleSegmenter.Published> published = segmenter.publish(0);
    assertEquals(List.of(0L, 1L, 2L), published.stream().map(p -> p.segment().sequence()).toList());
    assertEquals(List.of("inside the first", "across three"), texts(published.get(0)));
    assertEquals(List.of("across three"), texts(published.get(1)));
    assertEquals(List.of("across three", "in the last"), texts(published.get(2)));
  }

  @Test
  void afterARestartTheWindowGoesOnFromTheSegmentsPublishedBefore() {
    segmenter.resume(List.of(video(4, 8_000, 10_000), video(5, 10_000, 12_000)));
    assertFalse(segmenter.addVideo(video(5, 10_000, 12_000), 0), "published before the restart");
    assertTrue(segmenter.addVideo(video(6, 12_000, 14_000), 0));
    assertTrue(segmenter.addVideo(video(7, 30_000, 32_000), 0));
    segmenter.addCue(cue(30_500, 31_000, "after the restart"));
    segmenter.settledUntil(32_000);
    List<SubtitleSegmenter.Published> published = segmenter.publish(0);
    assertEquals(List.of(6L, 7L), published.stream().map(p -> p.segment().sequence()).toList());
    assertEquals(List.of("after the restart"), texts(published.get(1)));
    assertEquals(List.of(5L, 6L, 7L), segmenter.window().stream().map(SubtitleSegmenter.Segment::sequence).toList(),
        "the segments from before slide out of the window as usual");
    assertThrows(IllegalStateException.class, () -> segmenter.resume(List.of(video(1, 0, 2_000))));
  }

  @Test
  void aSegmentPublishedBeforeARestartIsNotWrittenAgainWithLateCues() {
    segmenter.resume(List.of(video(4, 8_000, 10_000)));
    segmenter.addCue(cue(9_000, 9_500, "late"));
    segmenter.finish();
    assertTrue(segmenter.publish(0).isEmpty(), "its file holds cues this segmenter never knew");
  }

  @Test
  void cuesTouchingABoundaryBelongOnlyToTheSegmentTheyOverlap() {
    segmenter.addVideo(video(0, 0, 2_000), 0);
    segmenter.addVideo(video(1, 2_000, 4_000), 0);
    segmenter.addCue(cue(1_000, 2_000, "ends on it"));
    segmenter.addCue(cue(2_000, 3_000, "starts on it"));
    segmenter.finish();
    List<SubtitleSegmenter.Published> published = segmenter.publish(0);
    assertEquals(List.of("ends on it"), texts(published.get(0)));
    assertEquals(List.of("starts on it"), texts(published.get(1)));
  }

  @Test
  void aSegmentWaitsUntilTheCaptionsBeforeItsEndAreSettled() {
    segmenter.addVideo(video(0, 0, 2_000), 1_000);
    segmenter.addVideo(video(1, 2_000, 4_000), 1_000);
    segmenter.settledUntil(1_999);
    assertTrue(segmenter.publish(1_500).isEmpty(), "not settled to its end yet");
    segmenter.addCue(cue(1_200, 2_500, "late"));
    segmenter.settledUntil(2_000);
    List<SubtitleSegmenter.Published> published = segmenter.publish(2_000);
    assertEquals(1, published.size(), "only the settled one, in order");
    assertEquals(SubtitleSegmenter.Reason.CONFIRMED, published.get(0).reason());
    assertEquals(1_000, published.get(0).heldMs());
    assertEquals(List.of("late"), texts(published.get(0)));
    assertEquals(1, segmenter.waitingCount());
  }

  @Test
  void theBudgetPublishesASegmentAsItIs() {
    segmenter.addVideo(video(7, 0, 2_000), 10_000);
    segmenter.addVideo(video(8, 2_000, 4_000), 11_000);
    assertTrue(segmenter.publish(12_999).isEmpty());
    List<SubtitleSegmenter.Published> first = segmenter.publish(13_000);
    assertEquals(1, first.size());
    assertEquals(SubtitleSegmenter.Reason.BUDGET, first.get(0).reason());
    assertEquals(3_000, first.get(0).heldMs());
    assertTrue(first.get(0).segment().cues().isEmpty());
    segmenter.addCue(cue(1_500, 2_500, "too late for 7"));
    List<SubtitleSegmenter.Published> second = segmenter.publish(14_000);
    assertEquals(8, second.get(0).segment().sequence());
    assertEquals(List.of("too late for 7"), texts(second.get(0)));
  }

  @Test
  void finishingPublishesEverythingWaiting() {
    segmenter.addVideo(video(0, 0, 2_000), 0);
    segmenter.addVideo(video(1, 2_000, 3_100), 0);
    segmenter.finish();
    List<SubtitleSegmenter.Published> published = segmenter.publish(1);
    assertEquals(2, published.size());
    assertTrue(published.stream().allMatch(p -> p.reason() == SubtitleSegmenter.Reason.END));
  }

  @Test
  void cuesConfirmedAfterTheLastSegmentWentOutArePublishedWithItAgainAtTheEnd() {
    segmenter.addVideo(video(0, 0, 2_000), 0);
    segmenter.addVideo(video(1, 2_000, 4_000), 0);
    assertEquals(2, segmenter.publish(3_000).size());
    segmenter.addCue(cue(2_500, 3_900, "the last words"));
    segmenter.finish();
    List<SubtitleSegmenter.Published> again = segmenter.publish(9_000);
    assertEquals(1, again.size());
    assertEquals(1, again.get(0).segment().sequence());
    assertEquals(List.of("the last words"), texts(again.get(0)));
    assertEquals(List.of(0L, 1L), segmenter.window().stream().map(SubtitleSegmenter.Segment::sequence).toList());
  }

  @Test
  void sequenceNumbersFollowTheVideoAndTheWindowSlides() {
    for (int n = 4; n < 9; n++) {
      assertTrue(segmenter.addVideo(video(n, n * 2_000L, n * 2_000L + 2_000), 0));
    }
    assertFalse(segmenter.addVideo(video(6, 12_000, 14_000), 0), "a segment already known is ignored");
    segmenter.settledUntil(100_000);
    assertEquals(5, segmenter.publish(0).size());
    assertEquals(List.of(6L, 7L, 8L), segmenter.window().stream().map(SubtitleSegmenter.Segment::sequence).toList());
  }

  @Test
  void aGapInTheVideoSequenceStartsTheWindowAfresh() {
    segmenter.addVideo(video(0, 0, 2_000), 0);
    segmenter.settledUntil(2_000);
    segmenter.publish(0);
    segmenter.addVideo(video(5, 10_000, 12_000), 0);
    segmenter.settledUntil(12_000);
    segmenter.publish(0);
    assertEquals(List.of(5L), segmenter.window().stream().map(SubtitleSegmenter.Segment::sequence).toList());
  }

  @Test
  void settledTimeOnlyMovesForward() {
    segmenter.settledUntil(5_000);
    segmenter.settledUntil(4_000);
    assertEquals(5_000, segmenter.settledMs());
    assertThrows(IllegalArgumentException.class, () -> new SubtitleSegmenter.Config(-1, 3));
    assertThrows(IllegalArgumentException.class, () -> video(0, 2_000, 1_000));
  }

  @Test
  void aCueThatMissedAllItsSegmentsTravelsInTheNextOnePublished() {
    segmenter.addVideo(video(0, 0, 2_000), 0);
    segmenter.addVideo(video(1, 2_000, 4_000), 0);
    assertEquals(2, segmenter.publish(3_000).size(), "the budget ran out");
    segmenter.addVideo(video(2, 4_000, 6_000), 3_000);
    segmenter.addCue(cue(500, 1_800, "late"));
    segmenter.addCue(cue(3_500, 4_500, "overlaps the open one"));
    segmenter.settledUntil(6_000);
    List<SubtitleSegmenter.Published> published = segmenter.publish(3_100);
    assertEquals(List.of("late", "overlaps the open one"), texts(published.get(0)));
    segmenter.addVideo(video(3, 6_000, 8_000), 3_200);
    segmenter.settledUntil(8_000);
    assertEquals(List.of(), texts(segmenter.publish(3_200).get(0)), "sent once");
  }

  private static List<String> texts(SubtitleSegmenter.Published published) {
    return published.segment().cues().stream().map(CueLayout.Cue::text).toList();
  }
}
