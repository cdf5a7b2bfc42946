package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.media.hls.HlsFolder;
import io.captiond.media.hls.TimestampMap;
import io.captiond.media.hls.TsTimestamps;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the remuxer's MPEG-TS clock relates to stream time, measured rather than assumed: an FLV
 * whose tags start at 5 s of stream time (as an RTMP publisher's would after a reconnect offset),
 * remuxed; the first PES of each track and the first video PES of every segment checked against
 * the FLV's own packet times (ffprobe). The subtitle rendition relies on exactly this: one
 * constant offset, learnt from the reported origin and the first segment.
 */
class HlsRemuxerClockTest {

  @TempDir
  Path dir;

  @Test
  void everySegmentStartsAtAnFlvTimeTimesNinetyPlusOneConstantOffset() throws Exception {
    Path flv = dir.resolve("in.flv");
    run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=15",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "7", "-c:v", "libx264",
        "-preset", "ultrafast", "-tune", "zerolatency", "-g", "15", "-pix_fmt", "yuv420p", "-c:a", "aac",
        "-output_ts_offset", "5", "-f", "flv", flv.toString());
    List<Long> keyframesMs = new ArrayList<>();
    for (String line : run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
        "packet=pts,flags", "-of", "csv=p=0", flv.toString()).lines().toList()) {
      String[] fields = line.strip().split(",");
      if (fields.length >= 2 && fields[1].startsWith("K")) {
        keyframesMs.add(Long.parseLong(fields[0]));
      }
    }
    long firstAudioMs = Long.parseLong(run("ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
        "packet=pts", "-read_intervals", "%+#1", "-of", "csv=p=0", flv.toString()).lines().findFirst()
        .orElseThrow().strip().split(",")[0]);

    Path out = dir.resolve("hls");
    AtomicReference<HlsRemuxer.Origin> origin = new AtomicReference<>();
    try (InputStream in = Files.newInputStream(flv)) {
      assertNull(HlsRemuxer.run("clock", in, out, new HlsRemuxer.Settings(2, 100), () -> false, origin::set));
    }
    assertNotNull(origin.get());
    assertEquals(keyframesMs.get(0), origin.get().firstVideoMs());
    assertEquals(firstAudioMs, origin.get().firstAudioMs());

    List<String> segments = Files.readAllLines(out.resolve(HlsFolder.MEDIA)).stream()
        .filter(l -> l.endsWith(".ts")).toList();
    assertTrue(segments.size() >= 3, segments::toString);
    List<TsTimestamps.Track> first = TsTimestamps.firstPts(Files.readAllBytes(out.resolve(segments.get(0))));
    TimestampMap clock = null;
    for (TsTimestamps.Track track : first) {
      long ms = track.kind() == TsTimestamps.Kind.VIDEO ? origin.get().firstVideoMs() : origin.get().firstAudioMs();
      long offset = track.firstPts() - ms * TimestampMap.TICKS_PER_MS;
      System.out.printf("remuxer clock: %s first PTS %d for stream %d ms: offset %d ticks%n",
          track.kind(), track.firstPts(), ms, offset);
      if (clock == null) {
        clock = new TimestampMap(track.firstPts(), ms);
      } else {
        assertEquals(ms, clock.toStreamMs(track.firstPts()), "audio and video share one offset");
      }
    }
    for (String segment : segments) {
      long pts = TsTimestamps.startPts(TsTimestamps.firstPts(Files.readAllBytes(out.resolve(segment))));
      long ms = clock.toStreamMs(pts);
      assertTrue(keyframesMs.contains(ms), segment + " starts at PTS " + pts + " = stream " + ms
          + " ms, which is no keyframe of the FLV: " + keyframesMs);
      assertEquals(pts, clock.toPts(ms), "whole milliseconds: the mapping is exact");
    }
  }

  static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), out);
    return out;
  }
}
