package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.media.hls.HlsFolder;
import io.captiond.media.hls.PlaylistChanges;
import io.captiond.media.hls.WrittenPlaylists;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remuxer reports each rewrite of its playlist to whoever follows it in this process. */
class PlaylistWatchTest {

  @TempDir
  Path dir;

  @Test
  void theRemuxerReportsItsStartEverySegmentListedAndItsEnd() throws Exception {
    Path flv = dir.resolve("in.flv");
    HlsRemuxerClockTest.run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
        "testsrc=size=160x120:rate=15", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "5",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "15", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-f", "flv", flv.toString());
    Path out = dir.resolve("hls");
    try (PlaylistChanges follower = PlaylistChanges.of(out.resolve(HlsFolder.MEDIA));
        InputStream in = Files.newInputStream(flv)) {
      assertNull(HlsRemuxer.run("watched", in, out, new HlsRemuxer.Settings(1, 100), () -> false));
      int segments = WrittenPlaylists.readMedia(out.resolve(HlsFolder.MEDIA)).segments().size();
      assertTrue(follower.muxedHere());
      assertTrue(segments >= 4, segments + " segments");
      // started, rewrites (each segment listed; faster than real time, the muxer's interleaving can list two
      // between stats), ended
      assertTrue(follower.count() >= 3, follower.count() + " changes for " + segments + " segments");
      assertTrue(follower.count() <= segments + 3, follower.count() + " changes for " + segments + " segments");
    }
    try (PlaylistChanges later = PlaylistChanges.of(out.resolve(HlsFolder.MEDIA))) {
      assertEquals(0, later.count(), "the remuxer let go of the path");
    }
  }
}
