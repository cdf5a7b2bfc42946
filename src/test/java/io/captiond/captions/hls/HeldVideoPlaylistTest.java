package io.captiond.captions.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.captions.CueLayout;
import io.captiond.media.hls.HlsFolder;
import io.captiond.media.hls.MasterPlaylist;
import io.captiond.media.hls.MediaPlaylist;
import io.captiond.media.hls.PlaylistParser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synced mode: the served video playlist is written with, and after, the subtitles it waits for. */
class HeldVideoPlaylistTest {

  @TempDir
  Path dir;

  private static SubtitleSegmenter.Segment segment(long sequence, long startMs, long endMs, String uri,
      long discontinuitySequence, CueLayout.Cue... cues) {
    return new SubtitleSegmenter.Segment(new SubtitleSegmenter.VideoSegment(sequence, startMs, endMs,
        "X-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000", uri, discontinuitySequence), List.of(cues));
  }

  @Test
  void theVideoPlaylistListsTheSameWindowAsTheSubtitlesWithTheVideosUris() throws Exception {
    List<SubtitleSegmenter.Segment> window = List.of(segment(7, 14_000, 16_000, "seg7.ts", 0),
        segment(8, 16_000, 18_500, "seg8.ts", 0));
    String video = SubtitlePlaylistWriter.videoPlaylist(window, 2, false);
    assertEquals("""
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:3
        #EXT-X-MEDIA-SEQUENCE:7
        #EXTINF:2.000,
        seg7.ts
        #EXTINF:2.500,
        seg8.ts
        """, video);
    String subs = SubtitlePlaylistWriter.playlist(window, 2, false);
    assertEquals(subs.lines().filter(l -> l.startsWith("#EXT")).toList(),
        video.lines().filter(l -> l.startsWith("#EXT")).toList(), "same sequence numbers and durations");
    MediaPlaylist parsed = assertInstanceOf(MediaPlaylist.class, new PlaylistParser(1 << 20, 1000)
        .parse(URI.create("http://localhost/hls/x/index.m3u8"), video.getBytes(StandardCharsets.UTF_8)));
    assertEquals(2, parsed.segments().size());
  }

  @Test
  void aSourcesDiscontinuitiesAndAbsoluteUrisAreKept() throws Exception {
    String video = SubtitlePlaylistWriter.videoPlaylist(List.of(
        segment(40, 0, 2_000, "https://cdn.example/a/s40.ts", 3),
        segment(41, 2_000, 4_000, "https://cdn.example/a/s41.ts", 4)), 2, true);
    assertTrue(video.contains("#EXT-X-DISCONTINUITY-SEQUENCE:3\n"), video);
    assertTrue(video.contains("#EXT-X-DISCONTINUITY\n#EXTINF:2.000,\nhttps://cdn.example/a/s41.ts\n"), video);
    assertTrue(video.endsWith("#EXT-X-ENDLIST\n"), video);
    MediaPlaylist parsed = assertInstanceOf(MediaPlaylist.class, new PlaylistParser(1 << 20, 1000)
        .parse(URI.create("http://localhost/hls/x/index.m3u8"), video.getBytes(StandardCharsets.UTF_8)));
    assertTrue(parsed.segments().get(1).discontinuity());
  }

  @Test
  void aWriterThatHoldsTheVideoWritesItsPlaylistBesideTheSubtitles() throws Exception {
    new SubtitlePlaylistWriter(dir, true, 1).write(List.of(segment(0, 0, 2_000, "seg0.ts", 0)),
        List.of(segment(0, 0, 2_000, "seg0.ts", 0)), 2, false);
    assertTrue(Files.readString(dir.resolve(HlsFolder.MEDIA)).contains("seg0.ts"));
    assertTrue(Files.isRegularFile(dir.resolve(SubtitlePlaylistWriter.PLAYLIST)));
    Path live = dir.resolve("live");
    new SubtitlePlaylistWriter(live, false, 1).write(List.of(segment(0, 0, 2_000, "seg0.ts", 0)),
        List.of(segment(0, 0, 2_000, "seg0.ts", 0)), 2, false);
    assertFalse(Files.exists(live.resolve(HlsFolder.MEDIA)), "in live mode the muxer writes it");
  }

  @Test
  void heldPlaylistsFirstAppearWithThreeSegmentsSoPlayersStartBehindTheEdge() throws Exception {
    SubtitlePlaylistWriter writer = new SubtitlePlaylistWriter(dir, true, 3);
    List<SubtitleSegmenter.Segment> window = new java.util.ArrayList<>();
    for (int n = 0; n < 3; n++) {
      SubtitleSegmenter.Segment next = segment(n, n * 2_000L, (n + 1) * 2_000L, "seg" + n + ".ts", 0);
      window.add(next);
      writer.write(List.of(next), window, 2, false);
      assertEquals(n == 2, Files.exists(dir.resolve(HlsFolder.MEDIA)), "after segment " + n);
      assertEquals(n == 2, Files.exists(dir.resolve(SubtitlePlaylistWriter.PLAYLIST)), "after segment " + n);
    }
    assertTrue(Files.isRegularFile(dir.resolve("subs0.vtt")), "segments are written from the first");
    assertEquals(3, Files.readString(dir.resolve(HlsFolder.MEDIA)).lines().filter(l -> l.endsWith(".ts")).count());
  }

  @Test
  void theHeldSourceMasterNamesTheFollowedVariantAndTheHeldPlaylist() {
    URI low = URI.create("https://cdn.example/low/index.m3u8");
    URI high = URI.create("https://cdn.example/high/index.m3u8");
    MasterPlaylist master = new MasterPlaylist(URI.create("https://cdn.example/master.m3u8"), List.of(
        new MasterPlaylist.Variant(low, 400_000, "avc1.42e01e,mp4a.40.2", null),
        new MasterPlaylist.Variant(high, 2_000_000, "avc1.640028,mp4a.40.2", null)), List.of());
    String text = SubtitleGroup.heldSourceMaster(master, high, HlsFolder.MEDIA);
    assertEquals("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=2000000,CODECS=\"avc1.640028,mp4a.40.2\"\n"
        + "index.m3u8\n", text);
    assertTrue(SubtitleGroup.addTo(text, "subs.m3u8", "English", "en").contains(",SUBTITLES=\"subs\"\nindex.m3u8"));
  }

  @Test
  void aCueIsEarlyWhenListedBeforeALiveEdgePlayerReachesItsStart() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    CueAvailability availability = new CueAvailability(meters, 4);
    CueLayout.Cue first = new CueLayout.Cue(500, 1_800, List.of("ask not"));
    CueLayout.Cue spanning = new CueLayout.Cue(1_900, 2_600, List.of("what your"));
    // synced: video and cues listed together at t = 10 000; the cue starting 500 ms in is 500 ms early
    availability.published(segment(0, 0, 2_000, "seg0.ts", 0, first, spanning), 10_000, 10_000, 2_500);
    // the spanning cue is repeated in the next segment: measured once
    availability.published(segment(1, 2_000, 4_000, "seg1.ts", 0, spanning), 12_000, 12_000, 2_500);
    // live: the video went out at 20 000, its cue only at 23 000: 2.5 s late for a live-edge player
    availability.published(segment(2, 4_000, 6_000, "seg2.ts", 0, new CueLayout.Cue(4_500, 5_000, List.of("x"))),
        20_000, 23_000, 0);
    assertEquals(2, meters.get("captiond.cues.available.before.start").summary().count());
    assertEquals(1_900, meters.get("captiond.cues.available.before.start").summary().max(), 0.1);
    assertEquals(1, meters.get("captiond.cues.available.after.start").summary().count());
    assertEquals(2_500, meters.get("captiond.cues.available.after.start").summary().max(), 0.1);
    assertEquals(2, meters.get("captiond.hls.video.delay").summary().count());
  }
}
