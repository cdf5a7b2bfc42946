package io.captiond.captions.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.captions.CueLayout;
import io.captiond.media.HlsRemuxer;
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

/** A subtitle segment that cannot be written (a folder in the way of its file) is written once it can. */
class SubtitleRenditionRetryTest {

  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aFailedSegmentWriteIsRetriedAndTheRenditionGoesOnToItsEnd() throws Exception {
    TsTimestampsTest.run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
        "testsrc=size=160x120:rate=15", "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-g", "15",
        "-pix_fmt", "yuv420p", "-f", "hls", "-hls_time", "1", "-hls_list_size", "0",
        "-hls_segment_filename", dir.resolve("seg%d.ts").toString(), dir.resolve("index.m3u8").toString());
    Path blocker = dir.resolve("subs1.vtt");
    Files.createDirectories(blocker); // the write of segment 1 fails while this is here

    CompletableFuture<Void> finished = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> {
      SubtitleRendition rendition = SubtitleRendition.start(vertx, "test", dir,
          new SubtitleRendition.Settings(true, 60_000, 100, 1), new SimpleMeterRegistry());
      rendition.origin(new HlsRemuxer.Origin(0, 0));
      rendition.addCue(new CueLayout.Cue(200, 3_500, List.of("across every segment")));
      vertx.setTimer(600, t -> rendition.finish(Future.succeededFuture()).onComplete(r -> finished.complete(null)));
    });
    finished.get(20, TimeUnit.SECONDS);
    assertTrue(!Files.exists(dir.resolve("subs.m3u8")) || !Files.readString(dir.resolve("subs.m3u8"))
        .contains("subs1.vtt"), "no playlist names a segment that is not written");

    Files.delete(blocker);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!(Files.exists(dir.resolve("subs.m3u8"))
        && Files.readString(dir.resolve("subs.m3u8")).endsWith("#EXT-X-ENDLIST\n")) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    String subs = Files.readString(dir.resolve("subs.m3u8"));
    assertTrue(subs.endsWith("#EXT-X-ENDLIST\n"), subs);
    long videoSegments = Files.readAllLines(dir.resolve("index.m3u8")).stream().filter(l -> l.endsWith(".ts")).count();
    List<String> listed = subs.lines().filter(l -> l.endsWith(".vtt")).toList();
    assertEquals(videoSegments, listed.size(), subs);
    for (String name : listed) {
      assertTrue(Files.readString(dir.resolve(name)).contains("across every segment"), name);
    }
  }
}
