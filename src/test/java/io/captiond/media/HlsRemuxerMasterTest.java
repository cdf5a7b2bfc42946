package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captiond.captions.hls.SubtitleGroup;
import io.captiond.media.embed.FfmpegChecks;
import io.captiond.media.hls.HlsFolder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master playlist declares embedded CEA-608 (RFC 8216 section 4.3.4.1 TYPE=CLOSED-CAPTIONS) when asked. */
class HlsRemuxerMasterTest {

  @TempDir
  Path dir;

  @Test
  void aMasterWithEmbeddedCaptionsDeclaresCc1AndItsVariantNamesTheGroup() throws Exception {
    assumeTrue(FfmpegChecks.installed(), "Debian ffmpeg is not installed");
    String master = remux(true);
    assertTrue(master.contains("#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID=\"cc\",NAME=\"CC1\",DEFAULT=YES,"
        + "AUTOSELECT=YES,INSTREAM-ID=\"CC1\"\n#EXT-X-STREAM-INF:"), master);
    assertTrue(master.contains(",CLOSED-CAPTIONS=\"cc\"\nindex.m3u8"), master);
    String withSubtitles = SubtitleGroup.addTo(master, "subs.m3u8", "English", "en");
    assertTrue(withSubtitles.contains(",CLOSED-CAPTIONS=\"cc\",SUBTITLES=\"subs\"\nindex.m3u8"), withSubtitles);
  }

  @Test
  void aMasterWithoutEmbeddedCaptionsSaysNothingOfThem() throws Exception {
    assumeTrue(FfmpegChecks.installed(), "Debian ffmpeg is not installed");
    String master = remux(false);
    assertTrue(!master.contains("CLOSED-CAPTIONS"), master);
    assertEquals(1, master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).count());
  }

  private String remux(boolean closedCaptions) throws Exception {
    Path flv = FfmpegChecks.plainFlv(dir.resolve("in"), 3);
    Path out = dir.resolve("hls-" + closedCaptions);
    try (InputStream in = Files.newInputStream(flv)) {
      assertNull(HlsRemuxer.run("master", in, out, new HlsRemuxer.Settings(1, 100, false, closedCaptions), () -> false));
    }
    return Files.readString(out.resolve(HlsFolder.MASTER));
  }
}
