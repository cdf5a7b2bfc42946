package io.captiond.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpareFilesTest {

  @TempDir
  Path dir;

  private final AtomicLong clockMs = new AtomicLong(5_000_000);

  @Test
  void aSegmentThatLeftTheWindowLongEnoughAgoBecomesTheNextNewOne() throws Exception {
    SpareFiles spares = new SpareFiles(dir, "subs-spare", clockMs::get);
    spares.writeNew("subs0.vtt", "WEBVTT\n\nzero\n");
    Object inode = inode(dir.resolve("subs0.vtt"));
    spares.retire("subs0.vtt");
    assertFalse(Files.exists(dir.resolve("subs0.vtt")));
    clockMs.addAndGet(RelinkedFile.QUIET_MS);
    spares.writeNew("subs3.vtt", "WEBVTT\n");
    assertEquals("WEBVTT\n", Files.readString(dir.resolve("subs3.vtt")), "written over, not appended to");
    assertEquals(inode, inode(dir.resolve("subs3.vtt")));
    assertEquals(0, spares.size());
  }

  @Test
  void aSegmentThatJustLeftIsKeptForAPlayerStillFetchingIt() throws Exception {
    SpareFiles spares = new SpareFiles(dir, "subs-spare", clockMs::get);
    spares.writeNew("subs0.vtt", "zero");
    Object inode = inode(dir.resolve("subs0.vtt"));
    spares.retire("subs0.vtt");
    clockMs.addAndGet(RelinkedFile.QUIET_MS - 1);
    spares.writeNew("subs1.vtt", "one");
    assertNotEquals(inode, inode(dir.resolve("subs1.vtt")));
    assertEquals(1, spares.size());
    assertEquals("zero", Files.readString(dir.resolve(".subs-spare.0")));
  }

  @Test
  void atMostKeptSparesAreKeptAndTheRestDeleted() throws Exception {
    SpareFiles spares = new SpareFiles(dir, "subs-spare", clockMs::get);
    for (int i = 0; i < SpareFiles.KEPT + 2; i++) {
      spares.writeNew("subs" + i + ".vtt", "segment " + i);
    }
    for (int i = 0; i < SpareFiles.KEPT + 2; i++) {
      spares.retire("subs" + i + ".vtt");
    }
    spares.retire("subs99.vtt"); // gone already
    assertEquals(SpareFiles.KEPT, spares.size());
    try (var files = Files.list(dir)) {
      assertEquals(SpareFiles.KEPT, files.count());
    }
  }

  @Test
  void sparesLeftByAnEarlierRunAreDeleted() throws Exception {
    Files.writeString(dir.resolve(".subs-spare.0"), "old");
    Files.writeString(dir.resolve(".subs-spare.7"), "old");
    Files.writeString(dir.resolve("subs7.vtt"), "a segment");
    SpareFiles spares = new SpareFiles(dir, "subs-spare", clockMs::get);
    spares.deleteLeftovers();
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count());
    }
    spares.writeNew("subs8.vtt", "next");
    spares.retire("subs7.vtt");
    assertEquals("a segment", Files.readString(dir.resolve(".subs-spare.0")));
  }

  private static Object inode(Path file) throws Exception {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }
}
