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
