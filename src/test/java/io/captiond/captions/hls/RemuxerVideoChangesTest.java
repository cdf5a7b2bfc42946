package io.captiond.captions.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.media.HlsRemuxer;
import io.captiond.media.hls.PlaylistChanges;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Beside a remuxer of this process, the playlist is read only when the remuxer reports a change. */
class RemuxerVideoChangesTest {

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void anUnchangedPlaylistIsNotReadAgainUntilTheMuxerReportsAChange() throws Exception {
    try (PlaylistChanges muxer = PlaylistChanges.of(dir.resolve("index.m3u8"))) {
      muxer.changed();
      writePlaylist(1);
      RemuxerVideo video = new RemuxerVideo(vertx, "test", dir, "index.m3u8", 2);
      video.origin(new HlsRemuxer.Origin(0, HlsRemuxer.Origin.NONE));
      assertEquals(List.of(0L), sequences(video));

      writePlaylist(2); // written, but not reported yet
      assertFalse(video.mayHaveNew());
      assertEquals(List.of(), sequences(video));

      muxer.changed();
      assertTrue(video.mayHaveNew());
      assertEquals(List.of(1L), sequences(video));
      video.close();
    }
  }

  @Test
  void aPlaylistReopenedForARestartIsReadAgainAndNoLongerEnded() throws Exception {
    try (PlaylistChanges muxer = PlaylistChanges.of(dir.resolve("index.m3u8"))) {
      muxer.changed();
      Files.writeString(dir.resolve("index.m3u8"), playlist(1) + "#EXT-X-ENDLIST\n"); // FFmpeg's trailer
      RemuxerVideo video = new RemuxerVideo(vertx, "test", dir, "index.m3u8", 2);
      video.origin(new HlsRemuxer.Origin(0, HlsRemuxer.Origin.NONE));
      assertEquals(List.of(0L), sequences(video));
      assertTrue(video.ended());

      io.captiond.media.RemuxContinuation.keepOpen("test", dir, "index.m3u8"); // the node goes down, to resume
      assertTrue(video.mayHaveNew(), "the rewrite is reported");
      assertEquals(List.of(), sequences(video));
      assertFalse(video.ended(), "the stream resumes: the subtitle playlist must not end either");
      video.close();
    }
  }

  @Test
  void aPlaylistNoMuxerHereReportsOnIsReadOnEveryPoll() throws Exception {
    writePlaylist(1);
    RemuxerVideo video = new RemuxerVideo(vertx, "test", dir, "index.m3u8", 2);
    video.origin(new HlsRemuxer.Origin(0, HlsRemuxer.Origin.NONE));
    assertEquals(List.of(0L), sequences(video));
    writePlaylist(2);
    assertTrue(video.mayHaveNew());
    assertEquals(List.of(1L), sequences(video));
    video.close();
  }

  private List<Long> sequences(RemuxerVideo video) {
    return video.next().await().stream().map(SubtitleSegmenter.VideoSegment::sequence).toList();
  }

  private void writePlaylist(int segments) throws Exception {
    Files.writeString(dir.resolve("index.m3u8"), playlist(segments));
  }

  private static String playlist(int segments) {
    StringBuilder text = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n"
        + "#EXT-X-MEDIA-SEQUENCE:0\n");
    for (int i = 0; i < segments; i++) {
      text.append("#EXTINF:2.000000,\nseg").append(i).append(".ts\n");
    }
    return text.toString();
  }
}
