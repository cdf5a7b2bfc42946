package io.captiond.captions.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.media.hls.SourceSegment;
import io.captiond.media.hls.TimestampMap;
import java.util.List;
import org.junit.jupiter.api.Test;

class HlsSourceVideoTest {

  private static final java.net.URI SOURCE_SEGMENT = java.net.URI.create("http://source.example/live/seg5.ts");

  @Test
  void placesAReportedSegmentInStreamTimeByItsAudioAnchor() {
    HlsSourceVideo video = new HlsSourceVideo(2);
    long audioPts = 1_000;
    long videoPts = audioPts + 100 * TimestampMap.TICKS_PER_MS; // video starts 100 ms after the audio
    video.add(new SourceSegment(5, 2_500, videoPts, audioPts, 3_000, SOURCE_SEGMENT, 0));

    assertTrue(video.mayHaveNew());
    List<SubtitleSegmenter.VideoSegment> found = video.next().result();
    assertEquals(List.of(new SubtitleSegmenter.VideoSegment(5, 3_100, 5_600,
        new TimestampMap(audioPts, 3_000).segmentHeader(videoPts, 3_100), SOURCE_SEGMENT.toString(), 0)), found);
    assertEquals(3, video.targetSeconds(), "a 2.5 s segment needs a 3 s target");
  }

  @Test
  void segmentsWhoseAudioDriftsByMillisecondsShareOneClockSoARepeatedCueHasOneTime() {
    HlsSourceVideo video = new HlsSourceVideo(2);
    long tick = TimestampMap.TICKS_PER_MS;
    video.add(new SourceSegment(0, 2_000, 0, 0, 1_000, SOURCE_SEGMENT, 0));
    // placed 7 ms later than its PTS says (the audio continues where the last segment's samples ended)
    video.add(new SourceSegment(1, 2_000, 2_000 * tick, 2_000 * tick, 3_007, SOURCE_SEGMENT, 0));
    // a jump beyond the drift, and a discontinuity: each starts a new clock
    video.add(new SourceSegment(2, 2_000, 4_000 * tick, 4_000 * tick, 5_300, SOURCE_SEGMENT, 0));
    video.add(new SourceSegment(3, 2_000, 0, 0, 7_300, SOURCE_SEGMENT, 1));
    List<SubtitleSegmenter.VideoSegment> found = video.next().result();
    TimestampMap first = new TimestampMap(0, 1_000);
    assertEquals(first.segmentHeader(2_000 * tick, 3_000), found.get(1).timestampMap());
    assertEquals(3_000, found.get(1).startMs());
    assertEquals(5_300, found.get(2).startMs());
    assertEquals(7_300, found.get(3).startMs());
  }

  @Test
  void handsEachSegmentOverOnceAndEndsWhenTheCaptionsDo() {
    HlsSourceVideo video = new HlsSourceVideo(4);
    video.add(new SourceSegment(0, 1_000, 0, 0, 0, SOURCE_SEGMENT, 0));
    assertEquals(1, video.next().result().size());
    assertFalse(video.mayHaveNew());
    assertTrue(video.next().result().isEmpty());
    assertTrue(video.ended(), "an HLS source's playlist is not followed");
    assertEquals(4, video.targetSeconds(), "never shorter than the configured duration");
  }
}
