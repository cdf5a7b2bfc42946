package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.media.hls.HlsFolder;
import io.captiond.media.hls.MediaPlaylist;
import io.captiond.media.hls.MediaSegment;
import io.captiond.media.hls.PlaylistParser;
import io.captiond.media.hls.RemuxRuns;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remuxer (JavaCV's own FFmpeg) started again on the folder it wrote, as after a restart: the playlist goes
 * on, earlier segments still listed, the first new one behind an EXT-X-DISCONTINUITY, no file written over.
 */
class HlsRemuxerContinuationTest {

  @TempDir
  Path dir;

  @Test
  void aRemuxerStartedAgainOnItsFolderGoesOnWithThePlaylistBehindADiscontinuity() throws Exception {
    Path flv = dir.resolve("in.flv");
    HlsRemuxerClockTest.run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=15",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "5", "-c:v", "libx264",
        "-preset", "ultrafast", "-tune", "zerolatency", "-g", "15", "-pix_fmt", "yuv420p", "-c:a", "aac",
        "-f", "flv", flv.toString());
    Path out = dir.resolve("hls");
    HlsRemuxer.Settings settings = new HlsRemuxer.Settings(1, 100);

    remux(flv, out, settings);
    assertFalse(Files.exists(out.resolve(RemuxRuns.FILE)), "a first run records no runs");
    MediaPlaylist first = playlist(out);
    Map<String, byte[]> firstFiles = new HashMap<>();
    for (MediaSegment segment : first.segments()) {
      String name = name(segment);
      firstFiles.put(name, Files.readAllBytes(out.resolve(name)));
    }
    long next = first.nextSequence();

    remux(flv, out, settings);
    MediaPlaylist both = playlist(out);
    System.out.println("continued playlist:\n" + Files.readString(out.resolve(HlsFolder.MEDIA)));
    assertEquals(RemuxRuns.FIRST.startAt(next), RemuxRuns.parse(Files.readString(out.resolve(RemuxRuns.FILE))));
    List<MediaSegment> segments = both.segments();
    assertEquals(0, both.mediaSequence(), "the segments of the first run are still listed");
    assertTrue(segments.size() > first.segments().size(), "segments after the restart");
    for (int i = 0; i < segments.size(); i++) {
      MediaSegment segment = segments.get(i);
      assertEquals(i, segment.sequence());
      assertEquals("seg" + i + ".ts", name(segment), "names follow the sequence");
      assertEquals(segment.sequence() == next, segment.discontinuity(), "a discontinuity where it restarted");
      if (i < next) {
        assertEquals(first.segments().get(i).durationMs(), segment.durationMs());
      }
    }
    firstFiles.forEach((name, bytes) -> {
      try {
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(out.resolve(name))), name + " not written over");
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    });
  }

  private static void remux(Path flv, Path out, HlsRemuxer.Settings settings) throws Exception {
    try (InputStream in = Files.newInputStream(flv)) {
      assertNull(HlsRemuxer.run("continued", in, out, settings, () -> false));
    }
  }

  private static MediaPlaylist playlist(Path out) throws Exception {
    return assertInstanceOf(MediaPlaylist.class, new PlaylistParser(1 << 20, 1000).parse(
        URI.create("http://localhost/hls/x/index.m3u8"), Files.readAllBytes(out.resolve(HlsFolder.MEDIA))));
  }

  private static String name(MediaSegment segment) {
    String path = segment.uri().getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
