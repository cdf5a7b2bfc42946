package io.captiond.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlaylistTokensTest {

  @Test
  void everyRelativeUriOfAMasterCarriesTheToken() {
    String master = "#EXTM3U\n"
        + "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"English\",URI=\"subs.m3u8\"\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=800000,SUBTITLES=\"subs\"\n"
        + "index.m3u8\n";
    assertEquals("#EXTM3U\n"
        + "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",NAME=\"English\",URI=\"subs.m3u8?token=1.abc\"\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=800000,SUBTITLES=\"subs\"\n"
        + "index.m3u8?token=1.abc\n", PlaylistTokens.carry(master, "1.abc"));
  }

  @Test
  void segmentsOfAMediaPlaylistCarryTheToken() {
    String media = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000,\nseg0.ts\n#EXTINF:2.000,\nseg1.ts\n#EXT-X-ENDLIST\n";
    assertEquals("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000,\nseg0.ts?token=9.z\n#EXTINF:2.000,\n"
        + "seg1.ts?token=9.z\n#EXT-X-ENDLIST\n", PlaylistTokens.carry(media, "9.z"));
  }

  @Test
  void anotherOriginsUrisNeverSeeTheToken() {
    String master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nhttps://cdn.example/v/index.m3u8\n"
        + "#EXT-X-STREAM-INF:BANDWIDTH=2\n//cdn.example/w.m3u8\n#EXT-X-MAP:URI=\"http://cdn.example/init.mp4\"\n";
    assertEquals(master, PlaylistTokens.carry(master, "1.abc"));
  }

  @Test
  void aUriWithAQueryGetsTheTokenAppended() {
    assertEquals("a.m3u8?x=1&token=t", PlaylistTokens.withToken("a.m3u8?x=1", "t"));
  }
}
