package io.captiond.media.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The parser against a table of playlists: good ones, and each way a playlist can be bad. */
class PlaylistParserTest {

  private static final URI BASE = URI.create("http://origin.test/live/stream/index.m3u8");
  /** The limits of the shipped configuration (hls.playlist_max_bytes, hls.playlist_max_segments). */
  private static final int MAX_BYTES = 1 << 20;
  private static final int MAX_SEGMENTS = 10_000;

  static final String LIVE = """
      #EXTM3U
      #EXT-X-VERSION:3
      #EXT-X-TARGETDURATION:2
      #EXT-X-MEDIA-SEQUENCE:41
      #EXTINF:2.000,
      index41.ts
      #EXTINF:1.960,title here
      index42.ts
      # a comment
      #EXT-X-UNKNOWN-TAG:whatever
      #EXTINF:2,
      /other/index43.ts
      #EXTINF:2.040,
      http://cdn.test/abs/index44.ts
      """;

  static final String VOD = """
      #EXTM3U\r
      #EXT-X-PLAYLIST-TYPE:VOD\r
      #EXT-X-TARGETDURATION:6\r
      #EXTINF:6.0,\r
      a.ts\r
      #EXTINF:5.5,\r
      b.ts\r
      #EXT-X-ENDLIST\r
      """;

  static final String FMP4 = """
      #EXTM3U
      #EXT-X-VERSION:7
      #EXT-X-TARGETDURATION:2
      #EXT-X-MAP:URI="init.mp4"
      #EXTINF:2.0,
      s0.m4s
      #EXT-X-MAP:URI="init2.mp4"
      #EXTINF:2.0,
      s1.m4s
      """;

  static final String DISCONTINUITY = """
      #EXTM3U
      #EXT-X-TARGETDURATION:4
      #EXT-X-MEDIA-SEQUENCE:10
      #EXT-X-DISCONTINUITY-SEQUENCE:3
      #EXTINF:4,
      a.ts
      #EXT-X-DISCONTINUITY
      #EXTINF:4,
      b.ts
      #EXTINF:4,
      c.ts
      #EXT-X-KEY:METHOD=NONE
      #EXT-X-DISCONTINUITY
      #EXTINF:3.5,
      d.ts
      """;

  static final String MASTER = """
      #EXTM3U
      #EXT-X-STREAM-INF:BANDWIDTH=2500000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720
      hi/index.m3u8
      #EXT-X-STREAM-INF:BANDWIDTH=150000,CODECS="avc1.42e00a"
      video-only/index.m3u8
      #EXT-X-STREAM-INF:BANDWIDTH=800000,CODECS="avc1.4d401e,mp4a.40.2"
      lo/index.m3u8
      """;

  static final String MASTER_SEPARATE_AUDIO = """
      #EXTM3U
      #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="French",LANGUAGE="fr",URI="audio/fr.m3u8"
      #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",DEFAULT=YES,LANGUAGE="en",URI="audio/en.m3u8"
      #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",URI="subs/en.m3u8"
      #EXT-X-STREAM-INF:BANDWIDTH=900000,CODECS="avc1.4d401e,mp4a.40.2",AUDIO="aud"
      video/900.m3u8
      #EXT-X-STREAM-INF:BANDWIDTH=400000,CODECS="avc1.4d401e,mp4a.40.2",AUDIO="aud"
      video/400.m3u8
      """;

  private static Playlist parse(String text) throws HlsPlaylistException {
    return new PlaylistParser(MAX_BYTES, MAX_SEGMENTS).parse(BASE, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesALiveMediaPlaylistWithSequenceNumbersAndResolvedUris() throws Exception {
    MediaPlaylist playlist = assertInstanceOf(MediaPlaylist.class, parse(LIVE));
    assertEquals(2_000, playlist.targetDurationMs());
    assertEquals(41, playlist.mediaSequence());
    assertFalse(playlist.endList());
    assertEquals(4, playlist.segments().size());
    assertEquals(List.of(41L, 42L, 43L, 44L), playlist.segments().stream().map(MediaSegment::sequence).toList());
    assertEquals(List.of(2_000L, 1_960L, 2_000L, 2_040L),
        playlist.segments().stream().map(MediaSegment::durationMs).toList());
    assertEquals(URI.create("http://origin.test/live/stream/index41.ts"), playlist.segments().get(0).uri());
    assertEquals(URI.create("http://origin.test/other/index43.ts"), playlist.segments().get(2).uri());
    assertEquals(URI.create("http://cdn.test/abs/index44.ts"), playlist.segments().get(3).uri());
    assertEquals(45, playlist.nextSequence());
  }

  @Test
  void startsALivePlaylistThreeTargetDurationsFromItsEnd() throws Exception {
    MediaPlaylist playlist = (MediaPlaylist) parse(LIVE);
    // §6.3.3: the last segment starting at least 3 target durations (6 s) before the end: 42 (1.96+2+2.04 s)
    assertEquals(42, playlist.startSequence());
  }

  @Test
  void parsesAVodPlaylistWithCrLfAndStartsItAtTheFirstSegment() throws Exception {
    MediaPlaylist playlist = assertInstanceOf(MediaPlaylist.class, parse(VOD));
    assertTrue(playlist.endList());
    assertEquals(0, playlist.mediaSequence());
    assertEquals(List.of(6_000L, 5_500L), playlist.segments().stream().map(MediaSegment::durationMs).toList());
    assertEquals(0, playlist.startSequence());
  }

  @Test
  void appliesEachExtXMapToTheSegmentsAfterIt() throws Exception {
    MediaPlaylist playlist = (MediaPlaylist) parse(FMP4);
    assertEquals(URI.create("http://origin.test/live/stream/init.mp4"), playlist.segments().get(0).initSection());
    assertEquals(URI.create("http://origin.test/live/stream/init2.mp4"), playlist.segments().get(1).initSection());
    assertNull(((MediaPlaylist) parse(LIVE)).segments().get(0).initSection());
  }

  @Test
  void marksDiscontinuitiesAndCountsTheirSequence() throws Exception {
    MediaPlaylist playlist = (MediaPlaylist) parse(DISCONTINUITY);
    assertEquals(List.of(false, true, false, true),
        playlist.segments().stream().map(MediaSegment::discontinuity).toList());
    assertEquals(List.of(3L, 4L, 4L, 5L),
        playlist.segments().stream().map(MediaSegment::discontinuitySequence).toList());
    assertEquals(List.of(10L, 11L, 12L, 13L), playlist.segments().stream().map(MediaSegment::sequence).toList());
  }

  @Test
  void picksTheLowestBandwidthVariantThatCarriesAudio() throws Exception {
    MasterPlaylist master = assertInstanceOf(MasterPlaylist.class, parse(MASTER));
    assertEquals(3, master.variants().size());
    assertEquals(URI.create("http://origin.test/live/stream/lo/index.m3u8"), master.audioPlaylist());
  }

  @Test
  void picksTheDefaultAudioRenditionWhenVariantsHaveSeparateAudio() throws Exception {
    MasterPlaylist master = (MasterPlaylist) parse(MASTER_SEPARATE_AUDIO);
    assertEquals(2, master.audioRenditions().size());
    assertEquals(URI.create("http://origin.test/live/stream/audio/en.m3u8"), master.audioPlaylist());
  }

  @Test
  void refusesAMasterPlaylistWithoutAudio() throws Exception {
    MasterPlaylist master = (MasterPlaylist) parse("""
        #EXTM3U
        #EXT-X-STREAM-INF:BANDWIDTH=150000,CODECS="avc1.42e00a"
        v.m3u8
        """);
    HlsPlaylistException e = assertThrows(HlsPlaylistException.class, master::audioPlaylist);
    assertTrue(e.getMessage().contains("no variant with audio"), e.getMessage());
  }

  static Stream<Arguments> badPlaylists() {
    return Stream.of(
        Arguments.of("missing EXTM3U", "#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\n", 1, "#EXTM3U"),
        Arguments.of("empty", "", 0, "empty"),
        Arguments.of("HTML instead", "<html><body>Not found</body></html>\n", 1, "#EXTM3U"),
        Arguments.of("encrypted AES-128", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
            + "#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin\"\n#EXTINF:2,\na.ts\n", 3, "encrypted"),
        Arguments.of("encrypted SAMPLE-AES", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
            + "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"k\"\n", 3, "METHOD=SAMPLE-AES"),
        Arguments.of("no target duration", "#EXTM3U\n#EXTINF:2,\na.ts\n", 0, "EXT-X-TARGETDURATION"),
        Arguments.of("negative target duration", "#EXTM3U\n#EXT-X-TARGETDURATION:-2\n#EXTINF:2,\na.ts\n", 2,
            "non-negative whole number"),
        Arguments.of("zero target duration", "#EXTM3U\n#EXT-X-TARGETDURATION:0\n", 2, "1 to 3600"),
        Arguments.of("fractional target duration", "#EXTM3U\n#EXT-X-TARGETDURATION:2.5\n", 2, "whole number"),
        Arguments.of("segment longer than target", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:4.0,\na.ts\n", 0,
            "longer than EXT-X-TARGETDURATION"),
        Arguments.of("truncated after EXTINF", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\n#EXTINF:2,\n",
            5, "truncated"),
        Arguments.of("truncated after STREAM-INF", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n", 2, "truncated"),
        Arguments.of("URI without EXTINF", "#EXTM3U\n#EXT-X-TARGETDURATION:2\na.ts\n", 3, "without a preceding"),
        Arguments.of("two EXTINF in a row", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n#EXTINF:2,\na.ts\n", 4,
            "without a URI"),
        Arguments.of("bad EXTINF duration", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:abc,\na.ts\n", 3,
            "EXTINF duration"),
        Arguments.of("negative EXTINF duration", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:-1,\na.ts\n", 3,
            "EXTINF duration"),
        Arguments.of("media sequence after a segment", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\na.ts\n"
            + "#EXT-X-MEDIA-SEQUENCE:5\n", 5, "after the first segment"),
        Arguments.of("master and media mixed", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
            + "#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n", 3, "master playlist tag"),
        Arguments.of("variant without bandwidth", "#EXTM3U\n#EXT-X-STREAM-INF:CODECS=\"mp4a.40.2\"\nv.m3u8\n", 3,
            "BANDWIDTH"),
        Arguments.of("unterminated attribute quote", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI=\"init.mp4\n",
            3, "unterminated"),
        Arguments.of("map without URI", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:BYTE=1\n", 3, "without URI"),
        Arguments.of("byte ranges", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-BYTERANGE:100@0\n", 3, "BYTERANGE"),
        Arguments.of("segment URI of another scheme", "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n"
            + "file:///etc/passwd\n", 4, "not http or https"),
        Arguments.of("control character", "#EXTM3U\n#EXT-X-TARGETDURATION:2\u0000\n", 2, "control character"),
        Arguments.of("byte order mark", "\uFEFF#EXTM3U\n", 1, "byte order mark"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPlaylists")
  void refusesABadPlaylistNamingTheLineAndTheRule(String what, String text, int line, String why) {
    HlsPlaylistException e = assertThrows(HlsPlaylistException.class, () -> parse(text));
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.getMessage().contains(why), what + ": " + e.getMessage());
    if (line > 0) {
      assertTrue(e.getMessage().startsWith("line " + line + ": "), e.getMessage());
    }
  }

  @Test
  void refusesBytesThatAreNotUtf8() {
    byte[] body = {'#', 'E', 'X', 'T', 'M', '3', 'U', '\n', (byte) 0xff, (byte) 0xfe, '\n'};
    HlsPlaylistException e = assertThrows(HlsPlaylistException.class, () -> new PlaylistParser(MAX_BYTES, MAX_SEGMENTS).parse(BASE, body));
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }

  @Test
  void refusesAPlaylistLongerThanTheByteLimit() {
    PlaylistParser parser = new PlaylistParser(100, 10);
    HlsPlaylistException e = assertThrows(HlsPlaylistException.class,
        () -> parser.parse(BASE, LIVE.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("hls.playlist_max_bytes"), e.getMessage());
  }

  @Test
  void refusesMoreSegmentsThanTheLimit() {
    StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:2\n");
    for (int i = 0; i < 11; i++) {
      text.append("#EXTINF:2,\ns").append(i).append(".ts\n");
    }
    PlaylistParser parser = new PlaylistParser(1 << 20, 10);
    HlsPlaylistException e = assertThrows(HlsPlaylistException.class,
        () -> parser.parse(BASE, text.toString().getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("more than 10 segments"), e.getMessage());
    assertEquals(24, e.line(), "the URI line of the 11th segment");
  }

  @Test
  void anEmptyLivePlaylistIsValid() throws Exception {
    MediaPlaylist playlist = (MediaPlaylist) parse("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:7\n");
    assertTrue(playlist.segments().isEmpty());
    assertEquals(7, playlist.startSequence());
  }

  @Test
  void garbageAndTruncationOfGoodPlaylistsNeverThrowAnythingButThePlaylistException() {
    Random random = new Random(8216);
    List<String> seeds = List.of(LIVE, VOD, FMP4, DISCONTINUITY, MASTER, MASTER_SEPARATE_AUDIO);
    for (int round = 0; round < 5_000; round++) {
      byte[] bytes = seeds.get(round % seeds.size()).getBytes(StandardCharsets.UTF_8);
      if (round % 2 == 0) {
        bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
      } else {
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
          bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
      }
      byte[] input = bytes;
      try {
        new PlaylistParser(MAX_BYTES, MAX_SEGMENTS).parse(BASE, input);
      } catch (HlsPlaylistException expected) {
        // refused with a reason: fine
      } catch (RuntimeException e) {
        throw new AssertionError("round " + round + " threw " + e + " for:\n"
            + new String(input, StandardCharsets.UTF_8), e);
      }
    }
  }
}
