package io.captiond.media.hls;

import static io.captiond.media.hls.TsTimestampsTest.AUDIO_PID;
import static io.captiond.media.hls.TsTimestampsTest.VIDEO_PID;
import static io.captiond.media.hls.TsTimestampsTest.concat;
import static io.captiond.media.hls.TsTimestampsTest.packet;
import static io.captiond.media.hls.TsTimestampsTest.pat;
import static io.captiond.media.hls.TsTimestampsTest.pes;
import static io.captiond.media.hls.TsTimestampsTest.pmt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentStartTest {

  @TempDir
  Path dir;

  /** Segments as the ingest bench's publishers make them: 640x360 H.264 at 600 kb/s, 2 s GOP, AAC 128 kb/s. */
  @Test
  void realSegmentsGiveFromTheirFirst64KiBWhatTheirFirstMiBGives() throws Exception {
    TsTimestampsTest.run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
        "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "6",
        "-c:v", "libx264", "-preset", "veryfast", "-b:v", "600k", "-g", "50", "-pix_fmt", "yuv420p", "-c:a", "aac",
        "-b:a", "128k", "-ac", "2",
        "-output_ts_offset", "10", "-f", "hls", "-hls_time", "2", "-hls_list_size", "0",
        "-hls_segment_filename", dir.resolve("seg%d.ts").toString(), dir.resolve("index.m3u8").toString());
    List<Path> segments;
    try (Stream<Path> files = Files.list(dir)) {
      segments = files.filter(f -> f.toString().endsWith(".ts")).sorted().toList();
    }
    assertTrue(segments.size() >= 3, segments::toString);
    for (Path segment : segments) {
      byte[] bytes = Files.readAllBytes(segment);
      assertTrue(bytes.length > SegmentStart.FIRST_BYTES, segment + " is " + bytes.length + " bytes: too small to show it");
      byte[] firstMiB = Arrays.copyOf(bytes, Math.min(bytes.length, SegmentStart.MAX_BYTES));
      List<TsTimestamps.Track> expected = TsTimestamps.firstPts(firstMiB);
      assertEquals(2, expected.size(), expected::toString);
      assertTrue(TsTimestamps.scan(Arrays.copyOf(bytes, SegmentStart.FIRST_BYTES)).everyStream(),
          segment + ": the prefix holds the first PES of both streams");
      assertEquals(expected, SegmentStart.firstPts(segment), segment.toString());
    }
  }

  @Test
  void aStreamWhoseFirstPesComesAfterTheFirst64KiBIsReadFurther() throws Exception {
    ByteArrayOutputStream ts = new ByteArrayOutputStream();
    ts.writeBytes(concat(pat(), pmt(), pes(VIDEO_PID, 0xE0, 126_000L, true)));
    byte[] continuation = packet(VIDEO_PID, false, new byte[] {1, 2, 3});
    while (ts.size() < SegmentStart.FIRST_BYTES + 10 * TsTimestamps.PACKET_SIZE) {
      ts.writeBytes(continuation);
    }
    ts.writeBytes(pes(AUDIO_PID, 0xC0, 125_000L, false));
    byte[] bytes = ts.toByteArray();
    Path file = Files.write(dir.resolve("late-audio.ts"), bytes);

    assertFalse(TsTimestamps.scan(Arrays.copyOf(bytes, SegmentStart.FIRST_BYTES)).everyStream());
    List<TsTimestamps.Track> tracks = SegmentStart.firstPts(file);
    assertEquals(TsTimestamps.firstPts(bytes), tracks);
    assertEquals(2, tracks.size(), tracks::toString);
  }

  @Test
  void aSegmentShorterThanThePrefixIsReadWhole() throws Exception {
    byte[] bytes = concat(pat(), pmt(), pes(AUDIO_PID, 0xC0, 900, false));
    Path file = Files.write(dir.resolve("short.ts"), bytes);
    assertEquals(TsTimestamps.firstPts(bytes), SegmentStart.firstPts(file));
  }
}
