package io.captiond.captions.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SubtitleGroupTest {

  @Test
  void everyVariantGetsTheSubtitleGroupAndTheMediaLineComesFirst() {
    String master = """
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-STREAM-INF:BANDWIDTH=400000,CODECS="avc1.42c00d,mp4a.40.2",RESOLUTION=320x240
        index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=100000,CODECS="mp4a.40.2"
        audio.m3u8
        """;
    assertEquals("""
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,URI="subs.m3u8"
        #EXT-X-STREAM-INF:BANDWIDTH=400000,CODECS="avc1.42c00d,mp4a.40.2",RESOLUTION=320x240,SUBTITLES="subs"
        index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=100000,CODECS="mp4a.40.2",SUBTITLES="subs"
        audio.m3u8
        """, SubtitleGroup.addTo(master, "subs.m3u8", "English", "en"));
  }

  @Test
  void aMasterThatHasTheGroupOrIsNoMasterIsLeftAlone() {
    String once = SubtitleGroup.addTo("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n", "subs.m3u8", "English", "en");
    assertEquals(once, SubtitleGroup.addTo(once, "subs.m3u8", "English", "en"));
    String media = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg0.ts\n";
    assertEquals(media, SubtitleGroup.addTo(media, "subs.m3u8", "English", "en"));
    assertEquals("garbage", SubtitleGroup.addTo("garbage", "subs.m3u8", "English", "en"));
  }

  @Test
  void aSourcesMasterIsServedWithAbsoluteUrisAndThenTheSubtitles() {
    var master = new io.captiond.media.hls.MasterPlaylist(java.net.URI.create("https://cdn.example/live/master.m3u8"),
        java.util.List.of(new io.captiond.media.hls.MasterPlaylist.Variant(
            java.net.URI.create("https://cdn.example/live/720p.m3u8"), 2_000_000, "avc1.64001f,mp4a.40.2", "aud")),
        java.util.List.of(new io.captiond.media.hls.MasterPlaylist.Rendition("aud", "English", true,
            java.net.URI.create("https://cdn.example/live/audio.m3u8"))));
    assertEquals("""
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",DEFAULT=YES,AUTOSELECT=YES,URI="https://cdn.example/live/audio.m3u8"
        #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,URI="subs.m3u8"
        #EXT-X-STREAM-INF:BANDWIDTH=2000000,CODECS="avc1.64001f,mp4a.40.2",AUDIO="aud",SUBTITLES="subs"
        https://cdn.example/live/720p.m3u8
        """, SubtitleGroup.addTo(SubtitleGroup.sourceMaster(master, null), "subs.m3u8", "English", "en"));
    assertEquals("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=1\nhttps://cdn.example/a.m3u8\n",
        SubtitleGroup.sourceMaster(null, java.net.URI.create("https://cdn.example/a.m3u8")));
  }

  @Test
  void quotesInNamesCannotBreakTheAttributeList() {
    assertEquals("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"a'b\",LANGUAGE=\"en\",DEFAULT=YES,"
        + "AUTOSELECT=YES,URI=\"subs.m3u8\"", SubtitleGroup.mediaLine("subs.m3u8", "a\"b", "en"));
  }
}
