package io.captiond.captions.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.captions.CueLayout;
import io.captiond.media.hls.TimestampMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubtitlePlaylistWriterTest {

  @TempDir
  Path dir;

  static SubtitleSegmenter.Segment segment(long sequence, long startMs, long endMs, CueLayout.Cue... cues) {
    TimestampMap clock = new TimestampMap(126_000, 0);
    return new SubtitleSegmenter.Segment(new SubtitleSegmenter.VideoSegment(sequence, startMs, endMs,
        clock.segmentHeader(clock.toPts(startMs), startMs)), List.of(cues));
  }

  @Test
  void theMediaPlaylistFollowsTheVideosSequenceAndDurations() {
    String playlist = SubtitlePlaylistWriter.playlist(List.of(segment(12, 24_000, 26_066), segment(13, 26_066, 28_000)),
        2, false);
    assertEquals("""
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:3
        #EXT-X-MEDIA-SEQUENCE:12
        #EXTINF:2.066,
        subs12.vtt
        #EXTINF:1.934,
        subs13.vtt
        """, playlist);
    assertTrue(SubtitlePlaylistWriter.playlist(List.of(), 2, true).endsWith("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-ENDLIST\n"));
  }

  @Test
  void durationsKeepTheirMillisecondsToThreeDigits() {
    String playlist = SubtitlePlaylistWriter.playlist(List.of(segment(1, 0, 5), segment(2, 5, 1_055),
        segment(3, 1_055, 13_400), segment(4, 13_400, 13_400)), 2, false);
    assertTrue(playlist.contains("""
        #EXTINF:0.005,
        subs1.vtt
        #EXTINF:1.050,
        subs2.vtt
        #EXTINF:12.345,
        subs3.vtt
        #EXTINF:0.000,
        subs4.vtt
        """), playlist);
  }

  @Test
  void theSubtitlePlaylistHasTheVideosDiscontinuitiesWhereTheVideoHasThem() {
    List<SubtitleSegmenter.Segment> window = List.of(
        new SubtitleSegmenter.Segment(new SubtitleSegmenter.VideoSegment(11, 0, 2_000, "X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000", "seg11.ts", 1), List.of()),
        new SubtitleSegmenter.Segment(new SubtitleSegmenter.VideoSegment(12, 9_000, 11_000, "X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:09.000", "seg12.ts", 2), List.of()));
    assertEquals("""
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:2
        #EXT-X-MEDIA-SEQUENCE:11
        #EXT-X-DISCONTINUITY-SEQUENCE:1
        #EXTINF:2.000,
        subs11.vtt
        #EXT-X-DISCONTINUITY
        #EXTINF:2.000,
        subs12.vtt
        """, SubtitlePlaylistWriter.playlist(window, 2, false));
  }

  @Test
  void aSegmentStartsWithItsTimestampMapAndEscapesCueText() {
    String vtt = SubtitlePlaylistWriter.segment(segment(1, 2_000, 4_000,
        new CueLayout.Cue(1_500, 2_500, List.of("fish & <chips>", "-->here"))));
    assertEquals("""
        WEBVTT
        X-TIMESTAMP-MAP=MPEGTS:306000,LOCAL:00:00:02.000

        c1500
        00:00:01.500 --> 00:00:02.500
        fish &amp; &lt;chips&gt;
        -&gt;here

        """, vtt);
  }

  @Test
  void writingReplacesThePlaylistAndDeletesSegmentsThatLeftTheWindow() throws Exception {
    SubtitlePlaylistWriter writer = new SubtitlePlaylistWriter(dir);
    writer.write(List.of(segment(0, 0, 2_000), segment(1, 2_000, 4_000)),
        List.of(segment(0, 0, 2_000), segment(1, 2_000, 4_000)), 2, false);
    assertTrue(Files.exists(dir.resolve("subs0.vtt")));
    writer.write(List.of(segment(2, 4_000, 6_000)), List.of(segment(1, 2_000, 4_000), segment(2, 4_000, 6_000)), 2, true);
    assertFalse(Files.exists(dir.resolve("subs0.vtt")));
    assertTrue(Files.exists(dir.resolve("subs2.vtt")));
    String playlist = Files.readString(dir.resolve("subs.m3u8"));
    assertTrue(playlist.contains("#EXT-X-MEDIA-SEQUENCE:1\n") && playlist.endsWith("#EXT-X-ENDLIST\n"), playlist);
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")));
    }
  }

  @Test
  void aFolderThatWentIsMadeAgainAtTheWriteAfterTheOneThatFailed() throws Exception {
    Path track = dir.resolve("subs");
    SubtitlePlaylistWriter writer = new SubtitlePlaylistWriter(track);
    writer.write(List.of(segment(0, 0, 2_000)), List.of(segment(0, 0, 2_000)), 2, false);
    try (var files = Files.walk(track)) { // the folder and everything in it, the playlist's spares too
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
    assertThrows(java.io.IOException.class, () -> writer.write(List.of(segment(1, 2_000, 4_000)),
        List.of(segment(0, 0, 2_000), segment(1, 2_000, 4_000)), 2, false));
    writer.write(List.of(segment(1, 2_000, 4_000)), List.of(segment(0, 0, 2_000), segment(1, 2_000, 4_000)), 2, false);
    assertTrue(Files.exists(track.resolve("subs1.vtt")));
    assertTrue(Files.readString(track.resolve(SubtitlePlaylistWriter.PLAYLIST)).contains("subs1.vtt"));
  }

  @Test
  void segmentsLeftByAnEarlierRunAreDeletedOnceOutOfTheWindowWithoutListingTheFolderAgain() throws Exception {
    Files.writeString(dir.resolve("subs3.vtt"), "WEBVTT\n"); // from before a restart
    Files.writeString(dir.resolve("subs.vtt.keep"), "not a segment");
    SubtitlePlaylistWriter writer = new SubtitlePlaylistWriter(dir);
    writer.write(List.of(segment(4, 8_000, 10_000)), List.of(segment(3, 6_000, 8_000), segment(4, 8_000, 10_000)),
        2, false);
    assertTrue(Files.exists(dir.resolve("subs3.vtt")), "still in the window");
    Files.writeString(dir.resolve("subs99.vtt"), "WEBVTT\n"); // written by someone else since
    writer.write(List.of(segment(5, 10_000, 12_000)), List.of(segment(4, 8_000, 10_000), segment(5, 10_000, 12_000)),
        2, false);
    writer.write(List.of(segment(6, 12_000, 14_000)), List.of(segment(5, 10_000, 12_000), segment(6, 12_000, 14_000)),
        2, false);
    assertFalse(Files.exists(dir.resolve("subs3.vtt")));
    assertFalse(Files.exists(dir.resolve("subs4.vtt")));
    assertTrue(Files.exists(dir.resolve("subs5.vtt")) && Files.exists(dir.resolve("subs6.vtt")));
    assertTrue(Files.exists(dir.resolve("subs99.vtt")), "the folder was listed once, at the first write");
    assertTrue(Files.exists(dir.resolve("subs.vtt.keep")));
  }
}
