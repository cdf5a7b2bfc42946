package io.captiond.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelinkedFileTest {

  @TempDir
  Path dir;

  private final AtomicLong clockMs = new AtomicLong(1_000_000);

  @Test
  void eachReplacementIsReadWholeAndOnlyTheFileAndItsThreeSparesAreLeft() throws Exception {
    Path file = dir.resolve("subs.m3u8");
    RelinkedFile relinked = new RelinkedFile(file, clockMs::get);
    for (int i = 0; i < 10; i++) {
      relinked.replace("version " + i + "\n");
      assertEquals("version " + i + "\n", Files.readString(file));
      clockMs.addAndGet(2_000);
    }
    assertEquals(Set.of("subs.m3u8", ".subs.m3u8.0", ".subs.m3u8.1", ".subs.m3u8.2"), names());
  }

  @Test
  void aSteadyRoundOfReplacementsRewritesThreeInodesAndMakesNoNewOne() throws Exception {
    Path file = dir.resolve("index.m3u8");
    RelinkedFile relinked = new RelinkedFile(file, clockMs::get);
    Set<Object> inodes = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      relinked.replace("v" + i);
      inodes.add(inode(file));
      clockMs.addAndGet(2_000); // a segment's time between playlists
    }
    assertEquals(3, inodes.size(), "the file is always one of its three spares");
  }

  @Test
  void aReaderThatOpenedAVersionReadsItWholeThroughABurstOfReplacements() throws Exception {
    Path file = dir.resolve("subs.m3u8");
    RelinkedFile relinked = new RelinkedFile(file, clockMs::get);
    for (int i = 0; i < 3; i++) { // every spare made and out of use long ago
      relinked.replace("warm " + i);
      clockMs.addAndGet(10_000);
    }
    relinked.replace("the version being read\n");
    Object readersInode = inode(file);
    try (FileChannel reader = FileChannel.open(file)) {
      for (int i = 0; i < 5; i++) { // a burst: no time passes
        relinked.replace("burst " + i);
      }
      assertEquals("the version being read\n", read(reader));
    }
    assertEquals("burst 4", Files.readString(file));
    assertNotEquals(readersInode, inode(file));
  }

  @Test
  void aFileLeftByAnEarlierRunIsNotWrittenOverWhileItIsTheOneServed() throws Exception {
    Path file = dir.resolve("subs.m3u8");
    RelinkedFile earlier = new RelinkedFile(file, clockMs::get);
    for (int i = 0; i < 5; i++) {
      earlier.replace("earlier " + i);
    }
    try (FileChannel reader = FileChannel.open(file)) {
      new RelinkedFile(file, clockMs::get).replace("after the restart");
      assertEquals("earlier 4", read(reader));
    }
    assertEquals("after the restart", Files.readString(file));
  }

  @Test
  void aLinkLeftByAFailedReplacementAndAPlainFileAreReplacedToo() throws Exception {
    Path file = dir.resolve("subs.m3u8");
    Files.writeString(file, "written by an older version");
    Files.writeString(dir.resolve("subs.m3u8.tmp"), "left behind");
    RelinkedFile relinked = new RelinkedFile(file, clockMs::get);
    relinked.replace("new");
    relinked.replace("newer");
    assertEquals("newer", Files.readString(file));
    assertFalse(Files.exists(dir.resolve("subs.m3u8.tmp")));
  }

  @Test
  void aFolderThatWentFailsTheReplacementAndTheNextOneWorksOnceItIsBack() throws Exception {
    Path track = dir.resolve("track");
    Files.createDirectories(track);
    Path file = track.resolve("subs.m3u8");
    RelinkedFile relinked = new RelinkedFile(file, clockMs::get);
    relinked.replace("one");
    for (Path each : List.of(file, track.resolve(".subs.m3u8.0"))) {
      Files.delete(each);
    }
    Files.delete(track);
    assertThrows(java.io.IOException.class, () -> relinked.replace("two"));
    Files.createDirectories(track);
    relinked.replace("three");
    assertEquals("three", Files.readString(file));
  }

  private Set<String> names() throws Exception {
    Set<String> names = new HashSet<>();
    try (var files = Files.list(dir)) {
      files.forEach(file -> names.add(file.getFileName().toString()));
    }
    return names;
  }

  private static Object inode(Path file) throws Exception {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  private static String read(FileChannel channel) throws Exception {
    ByteBuffer bytes = ByteBuffer.allocate(1024);
    channel.read(bytes, 0);
    bytes.flip();
    return StandardCharsets.UTF_8.decode(bytes).toString();
  }
}
