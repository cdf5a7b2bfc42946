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

  @Test
  void withVideoItStatsAfterAKeyFrameUntilTheRewriteShowsAndNotBetweenKeyFrames() throws Exception {
    Path playlist = dir.resolve("video.m3u8");
    Files.writeString(playlist, "#EXTM3U\n");
    try (PlaylistChanges follower = PlaylistChanges.of(playlist)) {
      PlaylistWatch watch = new PlaylistWatch(playlist, true);
      watch.started();
      assertEquals(1, follower.count());
      Files.writeString(playlist, "#EXTM3U\n#EXTINF:2.0,\nseg0.ts\n");
      afterTheInterval(watch, false);
      assertEquals(1, follower.count(), "no key frame since the start: the muxer has not cut");
      watch.afterPacket(true);
      assertEquals(2, follower.count(), "a key frame: stat at once");
      Files.writeString(playlist, "#EXTM3U\n#EXTINF:2.0,\nseg0.ts\n#EXTINF:2.0,\nseg1.ts\n");
      afterTheInterval(watch, false);
      assertEquals(2, follower.count(), "the key frame's rewrite showed: no stats until the next one");
      watch.afterPacket(true);
      assertEquals(3, follower.count(), "the next key frame sees it");
      watch.afterPacket(true); // the muxer interleaves: the cut of this key frame shows a packet later
      Files.writeString(playlist, "#EXTM3U\n#EXTINF:2.0,\nseg1.ts\n#EXTINF:2.0,\nseg2.ts\n#EXT-X-ENDLIST\n");
      afterTheInterval(watch, false);
      assertEquals(4, follower.count(), "after a key frame that showed no rewrite yet, the next packets stat");
      watch.close();
    }
  }

  @Test
  void audioOnlyItStatsAfterAnyPacketAtMostEveryInterval() throws Exception {
    Path playlist = dir.resolve("audio.m3u8");
    Files.writeString(playlist, "#EXTM3U\n");
    try (PlaylistChanges follower = PlaylistChanges.of(playlist)) {
      PlaylistWatch watch = new PlaylistWatch(playlist, false);
      watch.started();
      afterTheInterval(watch, false);
      assertEquals(2, follower.count(), "the first stat sees the file");
      Files.writeString(playlist, "#EXTM3U\n#EXTINF:2.0,\nseg0.ts\n");
      watch.afterPacket(false);
      assertEquals(2, follower.count(), "within the interval");
      afterTheInterval(watch, false);
      assertEquals(3, follower.count());
      watch.close();
    }
  }

  private static void afterTheInterval(PlaylistWatch watch, boolean mayCut) throws InterruptedException {
    Thread.sleep(PlaylistWatch.STAT_EVERY_MS + 20);
    watch.afterPacket(mayCut);
  }
}
