package io.captiond.media.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The runs of a remuxer continued after restarts, and the discontinuity sequence they give its playlist. */
class RemuxRunsTest {

  /** As FFmpeg writes it with append_list: no EXT-X-DISCONTINUITY-SEQUENCE, ever. */
  private static String ffmpegPlaylist(long first, long discontinuityAt, int count) {
    StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:")
        .append(first).append("\n#EXT-X-INDEPENDENT-SEGMENTS\n");
    for (long n = first; n < first + count; n++) {
      text.append(n == discontinuityAt ? "#EXT-X-DISCONTINUITY\n" : "").append("#EXTINF:2.000000,\nseg").append(n)
          .append(".ts\n");
    }
    return text.toString();
  }

  private static MediaPlaylist parse(String text) throws HlsPlaylistException {
    return assertInstanceOf(MediaPlaylist.class, new PlaylistParser(1 << 20, 1000)
        .parse(URI.create("http://localhost/hls/x/index.m3u8"), text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aStreamNeverRestartedIsOneRunWithoutDiscontinuities() {
    assertEquals(RemuxRuns.FIRST, RemuxRuns.parse(null));
    assertEquals(RemuxRuns.FIRST, RemuxRuns.parse(""));
    assertEquals(0, RemuxRuns.FIRST.discontinuitySequence(500));
    String playlist = ffmpegPlaylist(40, -1, 3);
    assertEquals(playlist, RemuxRuns.FIRST.withDiscontinuitySequence(playlist));
  }

  @Test
  void eachRestartBeginsARunAtTheSegmentAfterTheLastListed() {
    RemuxRuns runs = RemuxRuns.FIRST.startAt(12).startAt(30);
    assertEquals("0\n12\n30\n", runs.text());
    assertEquals(runs, RemuxRuns.parse(runs.text()));
    assertEquals(30, runs.currentStart());
    assertEquals(0, runs.runStartOf(11));
    assertEquals(12, runs.runStartOf(29));
    assertEquals(30, runs.runStartOf(31));
    assertEquals(0, runs.discontinuitySequence(11));
    assertEquals(1, runs.discontinuitySequence(12));
    assertEquals(1, runs.discontinuitySequence(29));
    assertEquals(2, runs.discontinuitySequence(30));
  }

  @Test
  void aRunThatListedNoSegmentGivesWayToTheNextAtTheSameSequence() {
    assertEquals(RemuxRuns.FIRST.startAt(12), RemuxRuns.FIRST.startAt(12).startAt(12));
    assertEquals(RemuxRuns.FIRST, RemuxRuns.FIRST.startAt(12).startAt(0));
  }

  @Test
  void aTornOrDisorderedFileReadsAsOneRun() {
    assertEquals(RemuxRuns.FIRST, RemuxRuns.parse("0\n1x"));
    assertEquals(RemuxRuns.FIRST, RemuxRuns.parse("0\n12\n7\n"));
  }

  @Test
  void whileTheDiscontinuityIsListedThePlaylistNeedsNoDiscontinuitySequence() throws Exception {
    RemuxRuns runs = RemuxRuns.FIRST.startAt(12);
    for (long first : new long[] {8, 12}) {
      String playlist = ffmpegPlaylist(first, 12, 6);
      assertEquals(playlist, runs.withDiscontinuitySequence(playlist));
      for (MediaSegment segment : parse(playlist).segments()) {
        assertEquals(runs.discontinuitySequence(segment.sequence()), segment.discontinuitySequence(), playlist);
      }
    }
  }

  @Test
  void onceTheDiscontinuityLeftTheWindowThePlaylistGetsItsDiscontinuitySequence() throws Exception {
    RemuxRuns runs = RemuxRuns.FIRST.startAt(12).startAt(30);
    String playlist = ffmpegPlaylist(14, 30, 20);
    String served = runs.withDiscontinuitySequence(playlist);
    assertEquals(playlist.replace("#EXT-X-MEDIA-SEQUENCE:14\n",
        "#EXT-X-MEDIA-SEQUENCE:14\n#EXT-X-DISCONTINUITY-SEQUENCE:1\n"), served);
    for (MediaSegment segment : parse(served).segments()) {
      assertEquals(runs.discontinuitySequence(segment.sequence()), segment.discontinuitySequence(), served);
    }
    String later = runs.withDiscontinuitySequence(ffmpegPlaylist(31, -1, 6));
    assertEquals(2, parse(later).segments().get(0).discontinuitySequence(), later);
    assertEquals(later, runs.withDiscontinuitySequence(later), "a playlist that has the tag stays as it is");
  }
}
