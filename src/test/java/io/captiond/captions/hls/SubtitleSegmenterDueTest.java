package io.captiond.captions.hls;

import static io.captiond.captions.hls.SubtitleSegmenterTest.cue;
import static io.captiond.captions.hls.SubtitleSegmenterTest.video;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * When the next waiting segment falls due ({@link SubtitleSegmenter#nextDueMs}): publishing only then, and on
 * news, publishes the same segments at the same times, for the same reasons, as publishing every millisecond.
 */
class SubtitleSegmenterDueTest {

  @Test
  void nothingWaitingIsNeverDue() {
    SubtitleSegmenter segmenter = new SubtitleSegmenter(new SubtitleSegmenter.Config(3_000, 5, 0, 20_000));
    assertEquals(Long.MAX_VALUE, segmenter.nextDueMs());
  }

  @Test
  void aWaitingSegmentFallsDueWhenItsLongestHoldOrItsBudgetAfterTheTranscriptionRunsOut() {
    SubtitleSegmenter segmenter = new SubtitleSegmenter(new SubtitleSegmenter.Config(3_000, 5, 0, 20_000));
    segmenter.addVideo(video(0, 0, 2_000), 0);
    assertEquals(20_000, segmenter.nextDueMs(), "not transcribed: the longest hold");
    segmenter.transcribedUntil(2_000, 8_000);
    assertEquals(11_000, segmenter.nextDueMs());
    assertTrue(segmenter.publish(10_999).isEmpty());
    assertEquals(1, segmenter.publish(11_000).size());
    assertEquals(Long.MAX_VALUE, segmenter.nextDueMs());
  }

  @Test
  void aSettledSegmentIsDueAtOnceAndAPacedOneAtItsVideoDelay() {
    SubtitleSegmenter paced = new SubtitleSegmenter(new SubtitleSegmenter.Config(3_000, 6, 0, 14_000, 1_000));
    paced.addVideo(video(0, 0, 2_000), 10_000);
    paced.settledUntil(2_000);
    assertEquals(Long.MIN_VALUE, paced.nextDueMs());
    assertTrue(paced.publish(10_200).isEmpty());
    assertEquals(11_000, paced.nextDueMs());
    assertFalse(paced.publish(11_000).isEmpty());
  }

  @Test
  void publishingWhenDueAndOnNewsGoesAsPublishingEveryMillisecond() {
    for (int seed = 0; seed < 40; seed++) {
      boolean paced = seed % 2 == 0;
      SubtitleSegmenter.Config config = new SubtitleSegmenter.Config(3_000, 4, seed % 3, 12_000, paced ? 800 : -1);
      assertEquals(run(config, seed, true), run(config, seed, false), "seed " + seed);
    }
  }

  /** A minute of a stream with random caption lags; what is published, when, why, with which cues. */
  private static List<String> run(SubtitleSegmenter.Config config, long seed, boolean everyMs) {
    Random random = new Random(seed);
    SubtitleSegmenter segmenter = new SubtitleSegmenter(config);
    List<long[]> events = new ArrayList<>(); // {at, kind 0 video / 1 transcribed / 2 settled / 3 end, stream ms}
    for (int k = 0; k < 30; k++) {
      long end = (k + 1) * 2_000L;
      events.add(new long[] {end + 100 + random.nextInt(300), 0, k});
      events.add(new long[] {end + random.nextInt(k % 5 == 0 ? 9_000 : 2_500), 1, end});
      events.add(new long[] {end + random.nextInt(k % 7 == 0 ? 16_000 : 5_000), 2, end});
    }
    events.add(new long[] {61_000 + random.nextInt(2_000), 3, 0});
    List<String> out = new ArrayList<>();
    for (long now = 0; now < 90_000; now++) {
      boolean news = false;
      for (long[] event : events) {
        if (event[0] != now) {
          continue;
        }
        switch ((int) event[1]) {
          case 0 -> { // as the rendition: a step reads the new segment and publishes
            news = true;
            long k = event[2];
            segmenter.addVideo(video(k, k * 2_000, (k + 1) * 2_000), now);
            segmenter.addCue(cue(k * 2_000 + 300, k * 2_000 + 2_500, "words " + k));
          }
          // the rest only moves when the next segment falls due
          case 1 -> segmenter.transcribedUntil(event[2], now);
          case 2 -> segmenter.settledUntil(event[2], now);
          default -> segmenter.sourceEnded(now);
        }
      }
      if (everyMs || news || segmenter.nextDueMs() <= now) {
        for (SubtitleSegmenter.Published p : segmenter.publish(now)) {
          out.add(now + " " + p.segment().sequence() + " " + p.reason() + " held " + p.heldMs() + " waited "
              + p.waitedMs() + " cues " + p.segment().cues().size());
        }
      }
    }
    assertTrue(out.size() >= 25, out::toString);
    return out;
  }
}
