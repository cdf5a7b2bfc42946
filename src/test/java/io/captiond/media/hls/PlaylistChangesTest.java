package io.captiond.media.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PlaylistChangesTest {

  @Test
  void aPlaylistNoMuxerReportedOnGivesNoNotice() {
    try (PlaylistChanges follower = PlaylistChanges.of(Path.of("/tmp/never-muxed/index.m3u8"))) {
      assertFalse(follower.muxedHere());
      assertEquals(0, follower.count());
    }
  }

  @Test
  void everyHolderOfTheSamePathSeesTheMuxersChanges() {
    try (PlaylistChanges follower = PlaylistChanges.of(Path.of("/tmp/shared/./index.m3u8"));
        PlaylistChanges muxer = PlaylistChanges.of(Path.of("/tmp/shared/index.m3u8"))) {
      muxer.changed();
      muxer.changed();
      assertTrue(follower.muxedHere());
      assertEquals(2, follower.count());
    }
  }

  @Test
  void theLastHolderToCloseForgetsThePath() {
    PlaylistChanges muxer = PlaylistChanges.of(Path.of("/tmp/forgotten/index.m3u8"));
    muxer.changed();
    muxer.close();
    muxer.close(); // once only
    try (PlaylistChanges later = PlaylistChanges.of(Path.of("/tmp/forgotten/index.m3u8"))) {
      assertFalse(later.muxedHere());
      assertEquals(0, later.count());
    }
  }

  @Test
  void aFollowerIsToldOfEachChangeUntilItCloses() {
    AtomicInteger told = new AtomicInteger();
    try (PlaylistChanges muxer = PlaylistChanges.of(Path.of("/tmp/told/index.m3u8"))) {
      PlaylistChanges follower = PlaylistChanges.of(Path.of("/tmp/told/index.m3u8"));
      follower.onChange(told::incrementAndGet);
      muxer.changed();
      muxer.changed();
      assertEquals(2, told.get());
      follower.close();
      muxer.changed();
      assertEquals(2, told.get(), "a closed holder hears nothing more");
    }
  }
}
