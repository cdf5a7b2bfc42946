package io.captiond.captions.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.captions.CueLayout;
import io.captiond.media.HlsRemuxer;
import io.captiond.media.RemuxContinuation;
import io.captiond.media.hls.HlsFolder;
import io.captiond.media.hls.MediaPlaylist;
import io.captiond.media.hls.MediaSegment;
import io.captiond.media.hls.PlaylistParser;
import io.captiond.media.hls.RemuxRuns;
import io.captiond.media.hls.TimestampMap;
import io.captiond.media.hls.TsTimestamps;
import io.captiond.media.hls.TsTimestampsTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A restart in the middle of a stream, on a real HLS folder: ffmpeg's HLS muxer stands in for the remuxer, run
 * once, then again with {@code append_list} as the remuxer continues after a restart (a discontinuity, a clock of
 * its own, far from the first). The rendition started afresh on that folder goes on after the window published
 * before: one playlist, aligned segment for segment with the video, each run on its own clock.
 */
class SubtitleRenditionResumeTest {

  @TempDir
  Path dir;

  /** A translated track beside the source's own: it goes on the same way, in its own folder. */
  private static final String TRACK = "es";

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @ParameterizedTest(name = "synced: {0}")
  @ValueSource(booleans = {false, true})
  void afterARestartTheSubtitlePlaylistGoesOnAlignedWithTheContinuedVideo(boolean synced) throws Exception {
    String muxed = synced ? HlsFolder.REMUXED : HlsFolder.MEDIA;
    SubtitleRendition.Settings settings = new SubtitleRendition.Settings(true, 0, 100, 1, synced);

    assertFalse(RemuxContinuation.prepare(dir, muxed), "a first run starts afresh");
    mux(muxed, 20, 4, false);
    TimestampMap firstClock = clockAt(0, 3_000);
    follow(settings, origin(0, firstClock), new CueLayout.Cue(3_200, 3_700, List.of("before")), false);
    // the newest subtitle segment had not been published when the server died
    long unpublished = dropNewestSubtitleSegment(synced);
    Map<String, String> before = subtitleFiles();

    assertTrue(RemuxContinuation.prepare(dir, muxed), "the restarted remuxer goes on with its playlist");
    mux(muxed, 50, 3, true);
    RemuxRuns runs = RemuxRuns.parse(Files.readString(dir.resolve(RemuxRuns.FILE)));
    long restart = runs.currentStart();
    TimestampMap secondClock = clockAt(restart, 10_000);
    follow(settings, origin(restart, secondClock), new CueLayout.Cue(10_200, 10_700, List.of("after")), true);

    MediaPlaylist video = playlist(HlsFolder.MEDIA, runs);
    MediaPlaylist subs = playlist(SubtitlePlaylistWriter.PLAYLIST, runs);
    MediaPlaylist track = playlist(TRACK + "/" + SubtitlePlaylistWriter.PLAYLIST, runs);
    assertEquals(Files.readString(dir.resolve(SubtitlePlaylistWriter.PLAYLIST)),
        Files.readString(dir.resolve(TRACK).resolve(SubtitlePlaylistWriter.PLAYLIST)),
        "the translated track's playlist is the source's, segment for segment");
    assertEquals(subs.segments().size(), track.segments().size());
    System.out.println("synced " + synced + ": video " + video.segments().stream().map(MediaSegment::sequence).toList()
        + ", restarted at " + restart + "\n" + Files.readString(dir.resolve(SubtitlePlaylistWriter.PLAYLIST)));
    assertEquals(video.segments().size(), subs.segments().size(), "one subtitle segment per video segment");
    assertEquals(0, video.segments().get(0).sequence(), "the segments from before the restart are still listed");
    for (int i = 0; i < video.segments().size(); i++) {
      MediaSegment v = video.segments().get(i);
      MediaSegment s = subs.segments().get(i);
      assertEquals(i, v.sequence(), "the media sequence goes on without a gap");
      assertEquals(v.sequence(), s.sequence());
      assertEquals(v.durationMs(), s.durationMs(), "segment " + v.sequence());
      assertEquals(v.discontinuity(), s.discontinuity(), "segment " + v.sequence());
      assertEquals(v.sequence() == restart, v.discontinuity(), "a discontinuity where the remuxer restarted");
      assertEquals(runs.discontinuitySequence(v.sequence()), s.discontinuitySequence());
      assertEquals(String.format(HlsFolder.SEGMENT_TEMPLATE, v.sequence()), fileName(v.uri()));
    }
    before.forEach((name, text) -> assertEquals(text, readString(name), name + " is kept as it was published"));
    for (MediaSegment segment : subs.segments()) {
      long n = segment.sequence();
      TimestampMap clock = n < restart ? firstClock : secondClock;
      long pts = TsTimestamps.startPts(TsTimestamps.firstPts(Files.readAllBytes(dir.resolve("seg" + n + ".ts"))));
      long localMs = clock.toStreamMs(pts);
      String vtt = readString(SubtitlePlaylistWriter.segmentName(n));
      assertTrue(vtt.startsWith("WEBVTT\n" + TimestampMap.header(clock.toPts(localMs), localMs) + "\n\n"),
          "segment " + n + (n == unpublished ? " (published after the restart)" : "") + " on its run's clock: " + vtt);
      assertEquals(n < restart && localMs < 3_700 && localMs + segment.durationMs() > 3_200, vtt.contains("before"),
          "segment " + n + ": " + vtt);
      assertEquals(n >= restart && localMs < 10_700 && localMs + segment.durationMs() > 10_200, vtt.contains("after"),
          "segment " + n + ": " + vtt);
    }
  }

  @ParameterizedTest(name = "synced: {0}")
  @ValueSource(booleans = {false, true})
  void aRestartsDiscontinuityThatLeftTheWindowIsCountedInTheDiscontinuitySequence(boolean synced) throws Exception {
    String muxed = synced ? HlsFolder.REMUXED : HlsFolder.MEDIA;
    SubtitleRendition.Settings settings = new SubtitleRendition.Settings(true, 0, 3, 1, synced);
    RemuxContinuation.prepare(dir, muxed);
    mux(muxed, 20, 4, false);
    follow(settings, origin(0, clockAt(0, 3_000)), new CueLayout.Cue(3_200, 3_700, List.of("before")), false);
    assertTrue(RemuxContinuation.prepare(dir, muxed));
    mux(muxed, 50, 5, true);
    RemuxRuns runs = RemuxRuns.parse(Files.readString(dir.resolve(RemuxRuns.FILE)));
    long restart = runs.currentStart();
    follow(settings, origin(restart, clockAt(restart, 10_000)), new CueLayout.Cue(10_200, 10_700, List.of("after")),
        true);

    List<String> served = synced ? List.of(SubtitlePlaylistWriter.PLAYLIST, HlsFolder.MEDIA,
        TRACK + "/" + SubtitlePlaylistWriter.PLAYLIST) : List.of(SubtitlePlaylistWriter.PLAYLIST,
        TRACK + "/" + SubtitlePlaylistWriter.PLAYLIST);
    long last = playlist(muxed, runs).segments().get(playlist(muxed, runs).segments().size() - 1).sequence();
    assertTrue(last - 2 > restart, "the restart has left a window of three: restarted at " + restart + ", last " + last);
    for (String name : served) {
      String text = readString(name);
      assertTrue(text.contains("#EXT-X-DISCONTINUITY-SEQUENCE:1\n") && !text.contains("#EXT-X-DISCONTINUITY\n"),
          name + ": " + text);
      MediaPlaylist listed = playlist(name, runs);
      assertEquals(List.of(last - 2, last - 1, last), listed.segments().stream().map(MediaSegment::sequence).toList(),
          name + ": " + text);
      listed.segments().forEach(segment -> assertEquals(1, segment.discontinuitySequence(), name));
    }
  }

  private void mux(String playlist, int offsetSeconds, int seconds, boolean append) throws Exception {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi",
        "-i", "testsrc=size=160x120:rate=15", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t",
        Integer.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", "15", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-output_ts_offset", Integer.toString(offsetSeconds), "-f", "hls", "-hls_time", "1",
        "-hls_list_size", "0"));
    if (append) {
      command.addAll(List.of("-hls_flags", "append_list"));
    }
    command.addAll(List.of("-hls_segment_filename", dir.resolve("seg%d.ts").toString(),
        dir.resolve(playlist).toString()));
    TsTimestampsTest.run(command.toArray(String[]::new));
  }

  /** Segment {@code sequence}'s first video PTS is stream time {@code streamMs}. */
  private TimestampMap clockAt(long sequence, long streamMs) throws Exception {
    long pts = firstPts(sequence, TsTimestamps.Kind.VIDEO);
    return new TimestampMap(pts, streamMs);
  }

  private HlsRemuxer.Origin origin(long sequence, TimestampMap clock) throws Exception {
    long videoPts = firstPts(sequence, TsTimestamps.Kind.VIDEO);
    return new HlsRemuxer.Origin(clock.toStreamMs(videoPts), clock.toStreamMs(firstPts(sequence,
        TsTimestamps.Kind.AUDIO)));
  }

  private long firstPts(long sequence, TsTimestamps.Kind kind) throws Exception {
    return TsTimestamps.firstPts(Files.readAllBytes(dir.resolve("seg" + sequence + ".ts"))).stream()
        .filter(t -> t.kind() == kind).findFirst().orElseThrow().firstPts();
  }

  /** A rendition started on the folder follows it; it finishes, or is dropped once it caught up (a kill). */
  private void follow(SubtitleRendition.Settings settings, HlsRemuxer.Origin origin, CueLayout.Cue cue,
      boolean finish) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> {
      SubtitleRendition rendition = SubtitleRendition.start(vertx, "test", dir, settings, new SimpleMeterRegistry());
      SubtitleRendition translated = SubtitleRendition.startTrack(vertx, "test", dir, dir.resolve(TRACK), settings,
          true);
      for (SubtitleRendition r : List.of(rendition, translated)) {
        r.origin(origin);
        r.addCue(cue);
        r.settled(100_000);
      }
      if (finish) {
        vertx.setTimer(600, t -> Future.join(rendition.finish(Future.succeededFuture()),
            translated.finish(Future.succeededFuture())).onComplete(r -> done.complete(null)));
      } else {
        vertx.setPeriodic(100, t -> {
          if (caughtUp(settings.synced(), dir) && caughtUp(settings.synced(), dir.resolve(TRACK))) {
            vertx.cancelTimer(t);
            rendition.close();
            translated.close();
            done.complete(null);
          }
        });
      }
    });
    done.get(30, TimeUnit.SECONDS);
  }

  private boolean caughtUp(boolean synced, Path trackDir) {
    try {
      Path subs = trackDir.resolve(SubtitlePlaylistWriter.PLAYLIST);
      String muxed = Files.readString(dir.resolve(synced ? HlsFolder.REMUXED : HlsFolder.MEDIA));
      // the newest subtitle segment is the newest video segment's
      return Files.exists(subs) && lastNumber(Files.readString(subs), ".vtt") == lastNumber(muxed, ".ts");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static long lastNumber(String playlist, String suffix) {
    return playlist.lines().filter(l -> l.endsWith(suffix)).map(l -> Long.parseLong(l.replaceAll("\\D", "")))
        .reduce((first, second) -> second).orElse(-1L);
  }

  /** Takes the newest segment out of the subtitle playlist (and the held video one) and deletes its file. */
  private long dropNewestSubtitleSegment(boolean synced) throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve(SubtitlePlaylistWriter.PLAYLIST)));
    String last = lines.remove(lines.size() - 1);
    lines.remove(lines.size() - 1);
    Files.write(dir.resolve(SubtitlePlaylistWriter.PLAYLIST), lines);
    Files.delete(dir.resolve(last));
    long sequence = Long.parseLong(last.replaceAll("\\D", ""));
    if (synced) {
      List<String> held = new ArrayList<>(Files.readAllLines(dir.resolve(HlsFolder.MEDIA)));
      assertEquals("seg" + sequence + ".ts", held.remove(held.size() - 1));
      held.remove(held.size() - 1);
      Files.write(dir.resolve(HlsFolder.MEDIA), held);
    }
    return sequence;
  }

  private Map<String, String> subtitleFiles() throws Exception {
    Map<String, String> files = new HashMap<>();
    try (var listing = Files.list(dir)) {
      for (Path file : listing.filter(f -> f.getFileName().toString().matches(SubtitlePlaylistWriter.SEGMENT_PATTERN))
          .toList()) {
        files.put(file.getFileName().toString(), Files.readString(file));
      }
    }
    return files;
  }

  private MediaPlaylist playlist(String name, RemuxRuns runs) throws Exception {
    String text = runs.withDiscontinuitySequence(Files.readString(dir.resolve(name)));
    return assertInstanceOf(MediaPlaylist.class, new PlaylistParser(1 << 20, 1000)
        .parse(URI.create("http://localhost/hls/x/" + name), text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private String readString(String name) {
    try {
      return Files.readString(dir.resolve(name));
    } catch (java.io.IOException e) {
      throw new AssertionError(name + " is not there", e);
    }
  }

  private static String fileName(URI uri) {
    String path = uri.getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
