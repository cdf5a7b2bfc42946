package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaylistInodesTest {

  @TempDir
  Path dir;

  /** What FFmpeg's HLS muxer does with a live playlist: write {@code <name>.tmp} (truncating it), rename it over. */
  private void ffmpegWrites(Path playlist, String text) throws Exception {
    Path temporary = playlist.resolveSibling(playlist.getFileName() + ".tmp");
    Files.writeString(temporary, text);
    Files.move(temporary, playlist, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void ffmpegWritesEachVersionOverTheOneBeforeLastSoNoInodeIsMadeAfterTheFirstTwo() throws Exception {
    Path playlist = dir.resolve("remuxed.m3u8");
    PlaylistInodes inodes = new PlaylistInodes(playlist);
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      ffmpegWrites(playlist, "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:" + i + "\n");
      inodes.replaced();
      seen.add(Files.readAttributes(playlist, BasicFileAttributes.class).fileKey());
      assertEquals("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:" + i + "\n", Files.readString(playlist));
    }
    assertEquals(2, seen.size());
  }

  @Test
  void aReaderOfOneVersionReadsItWholeWhileTheNextIsWritten() throws Exception {
    Path playlist = dir.resolve("index.m3u8");
    PlaylistInodes inodes = new PlaylistInodes(playlist);
    for (int i = 0; i < 3; i++) {
      ffmpegWrites(playlist, "version " + i);
      inodes.replaced();
    }
    try (FileChannel reader = FileChannel.open(playlist)) {
      ffmpegWrites(playlist, "version 3");
      inodes.replaced();
      ByteBuffer bytes = ByteBuffer.allocate(64);
      reader.read(bytes, 0);
      assertEquals("version 2", StandardCharsets.UTF_8.decode(bytes.flip()).toString());
    }
  }

  @Test
  void closingLeavesOnlyThePlaylist() throws Exception {
    Path playlist = dir.resolve("remuxed.m3u8");
    PlaylistInodes inodes = new PlaylistInodes(playlist);
    for (int i = 0; i < 3; i++) {
      ffmpegWrites(playlist, "version " + i);
      inodes.replaced();
    }
    inodes.close();
    try (var files = Files.list(dir)) {
      assertEquals(Set.of("remuxed.m3u8"), new HashSet<>(files.map(f -> f.getFileName().toString()).toList()));
    }
    assertFalse(Files.exists(dir.resolve(".remuxed.m3u8.spare")));
  }
}
