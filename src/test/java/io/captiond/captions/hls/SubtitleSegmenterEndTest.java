package io.captiond.captions.hls;

import static io.captiond.captions.hls.SubtitleSegmenterTest.cue;
import static io.captiond.captions.hls.SubtitleSegmenterTest.video;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The last segments once the source has ended, while the engine still decodes its last words. */
class SubtitleSegmenterEndTest {

  /** Budget 3 s from transcription, at most 20 s from being seen; no start segments. */
  private final SubtitleSegmenter segmenter = new SubtitleSegmenter(new SubtitleSegmenter.Config(3_000, 5, 0, 20_000));

  @Test
  void theLastSegmentsWaitForTheLastCaptionsRatherThanGoOutByTheirBudget() {
    segmenter.addVideo(video(0, 0, 2_000), 0);
    segmenter.addVideo(video(1, 2_000, 4_000), 0);
    segmenter.transcribedUntil(4_000, 1_000);
    segmenter.sourceEnded(2_000);
    assertTrue(segmenter.publish(10_000).isEmpty(), "their budget ran out at 4 s, but the last words are still coming");
    segmenter.addCue(cue(1_500, 3_500, "the last words"));
    segmenter.finish();
    List<SubtitleSegmenter.Published> published = segmenter.publish(10_500);
    assertEquals(2, published.size());
    for (SubtitleSegmenter.Published p : published) {
      assertEquals(SubtitleSegmenter.Reason.END, p.reason());
      assertEquals(List.of("the last words"), p.segment().cues().get(0).lines(), "in the segments it overlaps, once");
    }
  }

  @Test
  void aLastSegmentGoesAsSoonAsItsCaptionsAreSettled() {
    segmenter.addVideo(video(0, 0, 2_000), 0);
    segmenter.addVideo(video(1, 2_000, 4_000), 0);
    segmenter.transcribedUntil(4_000, 0);
    segmenter.sourceEnded(500);
    segmenter.addCue(cue(500, 1_500, "settled"));
    segmenter.settledUntil(2_000);
    List<SubtitleSegmenter.Published> published = segmenter.publish(6_000);
    assertEquals(1, published.size(), "the first, settled; the second waits for the rest");
    assertEquals(SubtitleSegmenter.Reason.CONFIRMED, published.get(0).reason());
  }

  @Test
  void theWaitAfterTheEndIsBoundedByTheLongestHold() {
    segmenter.addVideo(video(0, 0, 2_000), 0);
    segmenter.transcribedUntil(2_000, 0);
    segmenter.sourceEnded(1_000);
    assertTrue(segmenter.publish(20_999).isEmpty());
    assertEquals(SubtitleSegmenter.Reason.BUDGET, segmenter.publish(21_000).get(0).reason());
  }

  @Test
  void beforeTheEndTheBudgetStillApplies() {
    segmenter.addVideo(video(0, 0, 2_000), 0);
    segmenter.transcribedUntil(2_000, 0);
    assertEquals(SubtitleSegmenter.Reason.BUDGET, segmenter.publish(3_000).get(0).reason());
  }
}
