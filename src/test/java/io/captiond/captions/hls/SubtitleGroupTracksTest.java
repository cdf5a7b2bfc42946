package io.captiond.captions.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Translated tracks join the subtitle group of a master, after the stream's own, never as the default. */
class SubtitleGroupTracksTest {

  @Test
  void eachTranslationIsOneMoreRenditionOfTheGroupWithOnlyTheSourceAsDefault() {
    String master = SubtitleGroup.addTo("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nindex.m3u8\n", "subs.m3u8",
        "English", "en");
    String withTracks = SubtitleGroup.addTracks(master, List.of(new SubtitleGroup.Track("es/subs.m3u8", "Spanish", "es"),
        new SubtitleGroup.Track("ca/subs.m3u8", "Catalan", "ca")));
    assertEquals("""
        #EXTM3U
        #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,URI="subs.m3u8"
        #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="Spanish",LANGUAGE="es",DEFAULT=NO,AUTOSELECT=YES,URI="es/subs.m3u8"
        #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="Catalan",LANGUAGE="ca",DEFAULT=NO,AUTOSELECT=YES,URI="ca/subs.m3u8"
        #EXT-X-STREAM-INF:BANDWIDTH=1,SUBTITLES="subs"
        index.m3u8
        """, withTracks);
  }

  @Test
  void aMasterWithoutTheGroupOrNoTracksIsLeftAlone() {
    String plain = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nindex.m3u8\n";
    assertEquals(plain, SubtitleGroup.addTracks(plain, List.of(new SubtitleGroup.Track("es/subs.m3u8", "Spanish", "es"))));
    assertEquals(plain, SubtitleGroup.addTracks(plain, List.of()));
  }
}
