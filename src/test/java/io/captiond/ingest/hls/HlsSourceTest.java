package io.captiond.ingest.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.ingest.IngestEvent;
import io.captiond.media.Pcm16k;
import io.captiond.media.PcmChunk;
import io.captiond.testing.Fixtures;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source end to end but without the server: ffmpeg-made HLS (MPEG-TS and fMP4) served over HTTP,
 * read by {@link HlsSource} into a collecting sink.
 */
class HlsSourceTest {

  private static final long JFK_MS = 11_000;

  @TempDir
  static Path dir;
  private static HlsOrigin origin;

  @BeforeAll
  static void makeMedia() throws Exception {
    HlsMedia.vod(Fixtures.jfkWav(), dir.resolve("ts"), false);
    HlsMedia.vod(Fixtures.jfkWav(), dir.resolve("fmp4"), true);
    origin = HlsOrigin.start().folder("/ts", dir.resolve("ts")).folder("/fmp4", dir.resolve("fmp4"));
  }

  @AfterAll
  static void stopOrigin() {
    origin.close();
  }

  private record Run(IngestEvent end, List<PcmChunk> chunks, long skipped) {
    long audioMs() {
      return chunks.stream().mapToLong(c -> c.samples().length).sum() / Pcm16k.SAMPLES_PER_MS;
    }
  }

  private static Run read(String path, HlsSettings config) {
    List<PcmChunk> chunks = new CopyOnWriteArrayList<>();
    HlsSource source = new HlsSource("s1", URI.create(origin.url(path)), false, config, chunks::add);
    IngestEvent end = source.run();
    return new Run(end, chunks, source.skippedSegments());
  }

  private static HlsSettings config() {
    return new HlsSettings(List.of("127.0.0.1"), 1 << 20, 1000, 4 << 20, 5_000, 0, 2);
  }

  private static void assertContiguous(List<PcmChunk> chunks) {
    for (int i = 1; i < chunks.size(); i++) {
      PcmChunk previous = chunks.get(i - 1);
      long expected = previous.startMs() + previous.samples().length / Pcm16k.SAMPLES_PER_MS;
      assertTrue(Math.abs(chunks.get(i).startMs() - expected) <= 1,
          "chunk " + i + " starts at " + chunks.get(i).startMs() + ", previous ended at " + expected);
    }
  }

  @Test
  void readsMpegTsSegmentsInStreamTimeFromTheirTimestampsAndEndsAtEndList() {
    Run run = read("/ts/index.m3u8", config());
    assertEquals(IngestEvent.Kind.ENDED, run.end().kind(), run.end().reason());
    assertTrue(run.end().reason().contains("EXT-X-ENDLIST"), run.end().reason());
    assertTrue(Math.abs(run.audioMs() - JFK_MS) < 300, "all the audio: " + run.audioMs() + " ms");
    // ffmpeg's MPEG-TS starts at PTS 1.4 s: stream time is the segments' own clock
    assertEquals(1_400, run.chunks().get(0).startMs(), 50);
    assertContiguous(run.chunks());
  }

  @Test
  void readsFragmentedMp4SegmentsAfterTheirInitSection() {
    Run run = read("/fmp4/index.m3u8", config());
    assertEquals(IngestEvent.Kind.ENDED, run.end().kind(), run.end().reason());
    assertTrue(Math.abs(run.audioMs() - JFK_MS) < 300, "all the audio: " + run.audioMs() + " ms");
    assertEquals(0, run.chunks().get(0).startMs(), 50);
    assertContiguous(run.chunks());
  }

  @Test
  void followsAMasterPlaylistToItsAudioVariant() {
    origin.text("/master.m3u8", """
        #EXTM3U
        #EXT-X-STREAM-INF:BANDWIDTH=9000000,CODECS="avc1.42e00a,mp4a.40.2"
        missing/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=200000,CODECS="avc1.42e00a,mp4a.40.2"
        ts/index.m3u8
        """);
    Run run = read("/master.m3u8", config());
    assertEquals(IngestEvent.Kind.ENDED, run.end().kind(), run.end().reason());
    assertTrue(run.audioMs() > 10_000, "audio: " + run.audioMs());
  }

  @Test
  void skipsASegmentThatIsNotMediaAndGoesOnInStreamTime() throws Exception {
    origin.text("/junk/notmedia.ts", "<html><body>502 Bad Gateway</body></html>".repeat(50));
    origin.text("/junk/index.m3u8", """
        #EXTM3U
        #EXT-X-TARGETDURATION:2
        #EXTINF:2.0,
        /ts/index0.ts
        #EXTINF:2.0,
        notmedia.ts
        #EXTINF:2.0,
        /ts/index2.ts
        #EXT-X-ENDLIST
        """);
    Run run = read("/junk/index.m3u8", config());
    assertEquals(IngestEvent.Kind.ENDED, run.end().kind(), run.end().reason());
    assertEquals(1, run.skipped());
    assertTrue(run.end().reason().contains("1 segment(s) skipped"), run.end().reason());
    // index2.ts is placed at its own timestamp: the lost 2 s are silence, not squeezed out
    PcmChunk last = run.chunks().get(run.chunks().size() - 1);
    assertTrue(last.startMs() + last.durationMs() > 7_000, "ends near 1.4 + 6 s: " + last.startMs());
    assertContiguous(run.chunks());
  }

  @Test
  void aDiscontinuityWhereTimestampsRestartKeepsStreamTimeGoingForward() {
    // the same two segments again after EXT-X-DISCONTINUITY, as when an encoder restarts
    origin.text("/disc/index.m3u8", """
        #EXTM3U
        #EXT-X-TARGETDURATION:2
        #EXTINF:2.0,
        /ts/index1.ts
        #EXTINF:2.0,
        /ts/index2.ts
        #EXT-X-DISCONTINUITY
        #EXTINF:2.0,
        /ts/index1.ts
        #EXTINF:2.0,
        /ts/index2.ts
        #EXT-X-ENDLIST
        """);
    Run run = read("/disc/index.m3u8", config());
    assertEquals(IngestEvent.Kind.ENDED, run.end().kind(), run.end().reason());
    assertContiguous(run.chunks());
    long first = run.chunks().get(0).startMs();
    PcmChunk last = run.chunks().get(run.chunks().size() - 1);
    assertEquals(first + run.audioMs(), last.startMs() + last.durationMs(), 5);
    assertEquals(2 * 3_968, run.audioMs(), 100);
  }

  @Test
  void failsWhenSegmentsKeepFailingNamingTheLimit() {
    origin.endless("/huge/endless.ts");
    origin.text("/huge/index.m3u8", """
        #EXTM3U
        #EXT-X-TARGETDURATION:2
        #EXTINF:2.0,
        endless.ts
        #EXTINF:2.0,
        endless.ts
        #EXTINF:2.0,
        endless.ts
        """);
    long before = origin.endlessBytes.get();
    Run run = read("/huge/index.m3u8", config());
    assertEquals(IngestEvent.Kind.FAILED, run.end().kind());
    assertTrue(run.end().reason().contains("hls.max_consecutive_failures")
        && run.end().reason().contains("hls.segment_max_bytes"), run.end().reason());
    long written = origin.endlessBytes.get() - before;
    assertTrue(written < 2 * ((4 << 20) + (16 << 20)), "two aborted fetches, origin wrote " + written);
  }

  @Test
  void failsOnAMalformedPlaylistNamingTheLine() {
    origin.text("/bad/index.m3u8", "#EXTM3U\n#EXT-X-TARGETDURATION:two\n");
    Run run = read("/bad/index.m3u8", config());
    assertEquals(IngestEvent.Kind.FAILED, run.end().kind());
    assertTrue(run.end().reason().contains("line 2") && run.end().reason().contains("EXT-X-TARGETDURATION"),
        run.end().reason());
  }

  @Test
  void startsALivePlaylistAtItsLiveEdge() throws Exception {
    // a live window of six 2 s segments: reading starts with the last three (§6.3.3)
    StringBuilder live = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:100\n");
    for (int i = 0; i < 6; i++) {
      live.append("#EXTINF:2.0,\n/ts/index").append(i).append(".ts\n");
    }
    origin.text("/live/index.m3u8", live.toString());
    List<PcmChunk> chunks = new CopyOnWriteArrayList<>();
    HlsSource source = new HlsSource("s2", URI.create(origin.url("/live/index.m3u8")), true, config(), chunks::add);
    Thread thread = new Thread(source::run);
    thread.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (chunks.stream().mapToLong(PcmChunk::durationMs).sum() < 4_900 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(300);
    source.stop();
    thread.interrupt();
    thread.join(5_000);
    long audioMs = chunks.stream().mapToLong(PcmChunk::durationMs).sum();
    // index3..5: 2 + 2 + 1 s of the 11 s clip, starting at the PTS of index3
    assertEquals(5_000, audioMs, 200);
    assertTrue(chunks.get(0).startMs() > 7_000, "starts at index3's time: " + chunks.get(0).startMs());
    assertTrue(Files.exists(dir.resolve("ts/index5.ts")));
  }
}
