package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captiond.media.embed.FfmpegChecks;
import io.captiond.media.hls.HlsFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FFmpeg's HLS muxer writing new segments into the files of deleted ones: the same files, fewer inodes. */
class SegmentInodesTest {

  @TempDir
  Path dir;

  @BeforeEach
  void ffmpeg() {
    assumeTrue(FfmpegChecks.installed(), "Debian ffmpeg is not installed");
  }

  @Test
  void newSegmentsTakeDeletedOnesInodesAndTheFolderEndsAsWithoutThem() throws Exception {
    Path flv = dir.resolve("in.flv");
    FfmpegChecks.run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "20", "-g", "25", "-pix_fmt", "yuv420p",
        "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-f", "flv", flv.toString());
    Path reused = dir.resolve("reused");
    Map<String, Object> inodeOfName = remux(flv, reused, true);
    Path plain = dir.resolve("plain");
    remux(flv, plain, false);

    assertTrue(inodeOfName.size() >= 18, "segments written: " + inodeOfName.keySet());
    // Until FFmpeg has deleted some (a window of 3, one more, and a segment's wait) every segment is new; then none.
    Set<Object> before = new HashSet<>();
    for (int sequence = 0; sequence < inodeOfName.size(); sequence++) {
      Object inode = inodeOfName.get("seg" + sequence + ".ts");
      if (sequence >= 10) {
        assertTrue(before.contains(inode), "seg" + sequence + ".ts has a new inode: " + inodeOfName);
      }
      before.add(inode);
    }
    List<String> names = visibleNames(plain);
    assertEquals(names, visibleNames(reused));
    for (String name : names) {
      assertArrayEquals(Files.readAllBytes(plain.resolve(name)), Files.readAllBytes(reused.resolve(name)), name);
    }
    try (Stream<Path> files = Files.list(reused)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".seg-kept.")), "kept links go at close");
    }
  }

  /** Remuxes {@code flv} into {@code out} (1 s segments, a window of 3); the inode each segment name had. */
  private static Map<String, Object> remux(Path flv, Path out, boolean reuse) throws Exception {
    Files.createDirectories(out);
    Map<String, String> options = new HashMap<>(Map.of("hls_time", "1", "hls_list_size", "3",
        "hls_delete_threshold", "1", "hls_flags", "delete_segments+independent_segments",
        "hls_segment_type", "mpegts", "hls_segment_filename", out.resolve(HlsFolder.SEGMENT_TEMPLATE).toString()));
    Map<String, Object> inodeOfName = new HashMap<>();
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(flv.toFile())) {
      grabber.start();
      HlsMuxer muxer = reuse ? HlsMuxer.open(grabber.getFormatContext(), out.resolve(HlsFolder.MEDIA).toString(), options)
          : HlsMuxer.openWithoutReuse(grabber.getFormatContext(), out.resolve(HlsFolder.MEDIA).toString(), options);
      AVPacket packet;
      while ((packet = grabber.grabPacket()) != null) {
        muxer.write(packet);
        try (Stream<Path> files = Files.list(out)) {
          for (Path file : files.filter(f -> f.getFileName().toString().matches(HlsFolder.SEGMENT_PATTERN)).toList()) {
            inodeOfName.putIfAbsent(file.getFileName().toString(),
                Files.readAttributes(file, BasicFileAttributes.class).fileKey());
          }
        }
      }
      muxer.close();
    }
    return inodeOfName;
  }

  private static List<String> visibleNames(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }
}
