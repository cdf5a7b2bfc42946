package io.captiond.captions.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.captions.CueLayout;
import io.captiond.media.HlsRemuxer;
import io.captiond.media.hls.TimestampMap;
import io.captiond.media.hls.TsTimestamps;
import io.captiond.media.hls.TsTimestampsTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendition driver on a real HLS folder whose clock is far from stream time: ffmpeg's own HLS
 * muxer (PTS starting near 21.4 s) stands in for the remuxer, which reports that its first video
 * packet was stream time 3000 ms. Every subtitle segment must map stream time onto that clock.
 */
class SubtitleRenditionTest {

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void followsTheVideoPlaylistAndAnchorsStreamTimeAtTheFirstSegmentsPts() throws Exception {
    TsTimestampsTest.run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
        "testsrc=size=160x120:rate=15", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "4",
        "-c:v", "libx264", "-preset", "ultrafast", "-g", "15", "-pix_fmt", "yuv420p", "-c:a", "aac",
        "-output_ts_offset", "20", "-f", "hls", "-hls_time", "1", "-hls_list_size", "0",
        "-hls_segment_filename", dir.resolve("seg%d.ts").toString(), dir.resolve("index.m3u8").toString());
    List<TsTimestamps.Track> first = TsTimestamps.firstPts(Files.readAllBytes(dir.resolve("seg0.ts")));
    long videoPts = first.stream().filter(t -> t.kind() == TsTimestamps.Kind.VIDEO).findFirst().orElseThrow().firstPts();
    long audioPts = first.stream().filter(t -> t.kind() == TsTimestamps.Kind.AUDIO).findFirst().orElseThrow().firstPts();
    TimestampMap expected = new TimestampMap(videoPts, 3_000);

    CompletableFuture<Void> done = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> {
      SubtitleRendition rendition = SubtitleRendition.start(vertx, "test", dir,
          new SubtitleRendition.Settings(true, 60_000, 100, 1), new SimpleMeterRegistry());
      rendition.origin(new HlsRemuxer.Origin(3_000, expected.toStreamMs(audioPts)));
      rendition.addCue(new CueLayout.Cue(3_200, 3_700, List.of("first")));
      rendition.addCue(new CueLayout.Cue(3_800, 5_300, List.of("spans a boundary")));
      vertx.setTimer(600, t -> rendition.finish(Future.succeededFuture()).onComplete(r -> done.complete(null)));
    });
    done.get(20, TimeUnit.SECONDS);

    List<String> video = Files.readAllLines(dir.resolve("index.m3u8"));
    String subs = Files.readString(dir.resolve("subs.m3u8"));
    long segments = video.stream().filter(l -> l.endsWith(".ts")).count();
    assertEquals(segments, subs.lines().filter(l -> l.endsWith(".vtt")).count(), subs);
    assertTrue(subs.contains("#EXT-X-MEDIA-SEQUENCE:0\n") && subs.endsWith("#EXT-X-ENDLIST\n"), subs);
    int withSpan = 0;
    int overlapping = 0;
    for (int n = 0; n < segments; n++) {
      String vtt = Files.readString(dir.resolve("subs" + n + ".vtt"));
      long pts = TsTimestamps.startPts(TsTimestamps.firstPts(Files.readAllBytes(dir.resolve("seg" + n + ".ts"))));
      long localMs = expected.toStreamMs(pts);
      assertTrue(vtt.startsWith("WEBVTT\n" + TimestampMap.header(expected.toPts(localMs), localMs) + "\n\n"),
          "segment " + n + " at PTS " + pts + ": " + vtt);
      withSpan += vtt.contains("spans a boundary") ? 1 : 0;
      long endMs = localMs + Math.round(Double.parseDouble(video.get(video.indexOf("seg" + n + ".ts") - 1)
          .replaceAll("[^0-9.]", "")) * 1000);
      overlapping += localMs < 5_300 && endMs > 3_800 ? 1 : 0;
    }
    assertTrue(overlapping >= 2, "the test cue crosses a boundary");
    assertEquals(overlapping, withSpan, "the cue across boundaries is in every segment it overlaps");
  }
}
