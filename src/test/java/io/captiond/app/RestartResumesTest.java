package io.captiond.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.Publisher;
import io.captiond.testing.ServerProcess;
import io.captiond.media.hls.MediaPlaylist;
import io.captiond.media.hls.MediaSegment;
import io.captiond.media.hls.PlaylistParser;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that dies or is stopped comes back with its streams, with real processes: the server in a child JVM,
 * Debian's ffmpeg publishing over RTMP, the VAD and pocketsphinx, viewers on the WebSocket feed.
 */
class RestartResumesTest {

  @TempDir
  Path dir;

  @Test
  void aServerKilledWhileFfmpegPublishesResumesTheStreamWhenTheSameKeyPublishesAgain() throws Exception {
    Path data = dir.resolve("data");
    ServerProcess.Ports ports = ServerProcess.Ports.free();
    String id;
    String publish;
    List<JsonObject> seenBefore;
    try (ServerProcess server = ServerProcess.start(data, ports, "")) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("killed mid-speech");
      id = created.getString("id");
      publish = created.getString("publish");
      FeedViewer viewer = FeedViewer.open(api, id, 0);
      try (Publisher ffmpeg = Publisher.start(Fixtures.jfkWav(), 0, 0, false, publish)) {
        api.awaitState(id, "live", Duration.ofSeconds(20));
        viewer.awaitFinals(1, Duration.ofSeconds(30));
        Thread.sleep(1_000);
        server.kill(); // kill -9 while ffmpeg publishes
        ffmpeg.kill();
      }
      seenBefore = viewer.events();
    }
    List<JsonObject> finalsBefore = FeedViewer.finals(seenBefore);
    long lastSeenSeq = seenBefore.stream().mapToLong(e -> e.getLong("seq")).max().orElseThrow();
    long lastFinalEnd = finalsBefore.stream().mapToLong(e -> e.getLong("end")).max().orElseThrow();
    assertFalse(finalsBefore.isEmpty(), "a final before the kill: " + seenBefore);

    try (ServerProcess server = ServerProcess.start(data, ports, "")) {
      ApiClient api = server.api();
      JsonObject resumed = api.get("/api/streams/" + id).json();
      assertEquals(id, resumed.getString("id"), "the same stream: " + resumed);
      assertEquals("waiting", resumed.getString("state"), "waiting for its publisher again: " + resumed);
      FeedViewer fromStart = FeedViewer.open(api, id, 0);
      FeedViewer fromLastSeen = FeedViewer.open(api, id, lastSeenSeq);
      try (Publisher ffmpeg = Publisher.start(Fixtures.jfkWav(), 0, 0, false, publish)) {
        api.awaitState(id, "live", Duration.ofSeconds(20));
        assertEquals(0, ffmpeg.await(40), "the same key publishes again");
      }
      fromStart.awaitFinals(finalsBefore.size() + 2, Duration.ofSeconds(30));
      Thread.sleep(2_000);
      List<JsonObject> after = fromStart.events();
      List<JsonObject> finalsAfter = FeedViewer.finals(after);
      List<JsonObject> newFinals = finalsAfter.subList(Math.min(finalsBefore.size(), finalsAfter.size()),
          finalsAfter.size());
      System.out.printf("before the kill: %d events, finals %s; after the restart: finals %s%n", seenBefore.size(),
          finalsBefore, finalsAfter);

      assertEquals(finalsBefore, finalsAfter.subList(0, finalsBefore.size()),
          "every final seen before the kill is replayed first, as it was");
      assertFalse(newFinals.isEmpty(), "captions after the restart: " + after);
      Set<Long> seqs = new HashSet<>();
      long previous = 0;
      for (JsonObject event : after) {
        assertTrue(seqs.add(event.getLong("seq")), "no duplicate: " + after);
        assertTrue(event.getLong("seq") > previous, "seq increases: " + after);
        previous = event.getLong("seq");
      }
      for (JsonObject fresh : newFinals) {
        assertTrue(fresh.getLong("seq") > lastSeenSeq, "seq continues above all a viewer saw: " + fresh);
        assertTrue(fresh.getLong("start") > lastFinalEnd, "stream time goes on after the last final ("
            + lastFinalEnd + " ms): " + fresh);
      }
      assertEquals(newFinals, FeedViewer.finals(fromLastSeen.events()),
          "a viewer back with since = the last event it saw gets every new final");
    }
  }

  @Test
  void sigtermWhileSpeakingSendsTheOpenUtteranceAsAFinalBeforeClosingViewersWith1001() throws Exception {
    Path data = dir.resolve("data");
    ServerProcess.Ports ports = ServerProcess.Ports.free();
    String id;
    List<JsonObject> finalsThen;
    try (ServerProcess server = ServerProcess.start(data, ports, "node:\n  drain_ms: 30000\n")) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("stopped mid-speech");
      id = created.getString("id");
      FeedViewer viewer = FeedViewer.open(api, id, 0);
      JsonObject open;
      int eventsAtTerm;
      long termAt;
      try (Publisher ffmpeg = Publisher.start(Fixtures.jfkWav(), 0, 0, true, created.getString("publish"))) {
        api.awaitState(id, "live", Duration.ofSeconds(20));
        open = viewer.awaitOpenTentative(Duration.ofSeconds(30));
        eventsAtTerm = viewer.events().size();
        termAt = System.nanoTime();
        server.terminate();
        int exit = server.awaitExit(Duration.ofSeconds(45));
        double exitedAfter = (System.nanoTime() - termAt) / 1e9;
        viewer.awaitClosed(Duration.ofSeconds(5));
        List<JsonObject> events = viewer.events();
        List<JsonObject> afterTerm = events.subList(eventsAtTerm, events.size());
        System.out.printf("SIGTERM with '%s' open: exit %d after %.1f s; then %s; closed %d '%s'%n",
            open.getString("text"), exit, exitedAfter, viewer.arrivals(termAt), viewer.closeCode, viewer.closeReason);

        assertNotEquals(-1, exit, "exits within the drain bound");
        assertTrue(exitedAfter <= 30 + 10, "exited " + exitedAfter + " s after SIGTERM");
        assertEquals(1001, viewer.closeCode, "viewers are closed as going away");
        assertFalse(viewer.closeReason.isBlank(), "with a reason");
        assertTrue(afterTerm.stream().anyMatch(e -> "final".equals(e.getString("type"))
                && e.getLong("end") >= open.getLong("start")),
            "the open utterance (" + open + ") arrives as a final before the close: " + afterTerm);
        finalsThen = FeedViewer.finals(events);
      }
      String log = server.log();
      log.lines().filter(line -> line.contains("shutting down") || line.contains("drain")
          || line.contains("stopped in")).forEach(System.out::println);
      assertTrue(log.contains("drained in"), "drained: " + log);
    }
    // Players keep polling through the restart: no playlist says the stream is over.
    List<Path> playlists;
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(data.resolve("streams").resolve(id).resolve("hls"))) {
      playlists = files.filter(f -> f.toString().endsWith(".m3u8")).toList();
    }
    assertTrue(playlists.stream().anyMatch(f -> f.getFileName().toString().matches("index.m3u8|remuxed.m3u8")),
        "the muxer's playlist written: " + playlists);
    for (Path playlist : playlists) {
      assertFalse(java.nio.file.Files.readString(playlist).contains("#EXT-X-ENDLIST"), playlist + " left open");
    }
    try (ServerProcess server = ServerProcess.start(data, ports, "")) {
      ApiClient api = server.api();
      assertEquals("waiting", api.get("/api/streams/" + id).json().getString("state"), "the stream resumes");
      FeedViewer replay = FeedViewer.open(api, id, 0);
      assertEquals(finalsThen, replay.awaitFinals(finalsThen.size(), Duration.ofSeconds(5)),
          "its finals were kept");
    }
  }

  @Test
  void theHlsPlaylistsAndTheStreamsTotalsGoOnAcrossAKillBehindADiscontinuity() throws Exception {
    Path data = dir.resolve("data");
    ServerProcess.Ports ports = ServerProcess.Ports.free();
    String settings = "hls_out:\n  window_segments: 40\n";
    String id;
    String publish;
    MediaPlaylist videoBefore;
    JsonObject statsBefore;
    try (ServerProcess server = ServerProcess.start(data, ports, settings)) {
      ApiClient api = server.api();
      JsonObject created = api.createRtmp("hls across a kill");
      id = created.getString("id");
      publish = created.getString("publish");
      try (Publisher ffmpeg = Publisher.start(Fixtures.jfkWav(), 0, 0, true, publish)) {
        api.awaitState(id, "live", Duration.ofSeconds(20));
        long liveAt = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (segments(api, id, "subs.m3u8") < 3 && System.nanoTime() < deadline) {
          Thread.sleep(250);
        }
        // a stream's totals are written at least every 10 s (StatsCheckpoints), state change or not
        Thread.sleep(Math.max(0, 11_500 - (System.nanoTime() - liveAt) / 1_000_000));
        videoBefore = media(api.get("/hls/" + id + "/index.m3u8").body());
        statsBefore = api.get("/api/streams/" + id).json().getJsonObject("stats");
        server.kill(); // kill -9 while ffmpeg publishes
        ffmpeg.kill();
      }
    }
    assertTrue(videoBefore.segments().size() >= 3, "segments served before the kill: " + videoBefore);
    long lastBefore = videoBefore.segments().get(videoBefore.segments().size() - 1).sequence();

    try (ServerProcess server = ServerProcess.start(data, ports, settings)) {
      ApiClient api = server.api();
      JsonObject statsResumed = api.get("/api/streams/" + id).json().getJsonObject("stats");
      System.out.println("stats before the kill " + statsBefore + ", after the restart " + statsResumed);
      assertTrue(statsResumed.getDouble("audioSeconds") > 0
          && statsResumed.getDouble("audioSeconds") <= statsBefore.getDouble("audioSeconds"),
          "the totals kept before the kill come back: " + statsResumed);
      try (Publisher ffmpeg = Publisher.start(Fixtures.jfkWav(), 0, 0, true, publish)) {
        api.awaitState(id, "live", Duration.ofSeconds(20));
        assertEquals(0, ffmpeg.await(40), "the same key publishes again");
      }
      api.awaitState(id, "ended", Duration.ofSeconds(40)); // the playlists end: players read them to the end
      String base = "/hls/" + id + "/";
      String videoText = api.get(base + "index.m3u8").body();
      String subsText = api.get(base + "subs.m3u8").body();
      for (int wait = 0; wait < 40 && !(videoText + subsText).matches("(?s).*ENDLIST.*ENDLIST.*"); wait++) {
        Thread.sleep(250);
        videoText = api.get(base + "index.m3u8").body();
        subsText = api.get(base + "subs.m3u8").body();
      }
      System.out.println("after the restart:\n" + videoText + "\n" + subsText);
      String servedVideo = videoText;
      MediaPlaylist video = media(videoText);
      MediaPlaylist subs = media(subsText);

      List<MediaSegment> segments = video.segments();
      assertTrue(segments.get(0).sequence() <= videoBefore.segments().get(0).sequence(),
          "the segments from before the kill are still listed: " + videoText);
      long restartAt = segments.stream().filter(MediaSegment::discontinuity).mapToLong(MediaSegment::sequence)
          .findFirst().orElseThrow(() -> new AssertionError("no discontinuity: " + servedVideo));
      assertEquals(1, segments.stream().filter(MediaSegment::discontinuity).count(), videoText);
      assertTrue(restartAt > lastBefore, "the sequence goes on after the last segment served before: " + videoText);
      assertTrue(segments.get(segments.size() - 1).sequence() > restartAt, "segments after the restart: " + videoText);
      for (int i = 1; i < segments.size(); i++) {
        assertEquals(segments.get(i - 1).sequence() + 1, segments.get(i).sequence(), "strictly increasing");
      }
      assertEquals(segments.size(), subs.segments().size(), "a subtitle segment per video segment: " + subsText);
      for (int i = 0; i < segments.size(); i++) {
        MediaSegment v = segments.get(i);
        MediaSegment s = subs.segments().get(i);
        assertEquals(List.of(v.sequence(), v.durationMs(), v.discontinuity(), v.discontinuitySequence()),
            List.of(s.sequence(), s.durationMs(), s.discontinuity(), s.discontinuitySequence()), "segment " + i);
      }
      assertTrue(video.endList() && subs.endList(), "both ended");
      JsonObject statsAfter = api.get("/api/streams/" + id).json().getJsonObject("stats");
      System.out.println("stats at the end " + statsAfter);
      assertTrue(statsAfter.getDouble("audioSeconds") >= statsResumed.getDouble("audioSeconds") + 8,
          "the totals go on from those kept: " + statsAfter);
      assertTrue(statsAfter.getLong("captions") > statsResumed.getLong("captions"), statsAfter.encode());
      String master = api.get(base + "master.m3u8").body();
      assertTrue(master.contains("subs.m3u8") && master.contains("index.m3u8"), master);

      String probed = run("ffprobe", "-v", "error", "-count_packets", "-show_entries", "stream=codec_type,nb_read_packets",
          "-of", "csv=p=0", api.base() + base + "index.m3u8");
      System.out.println("ffprobe index.m3u8: " + probed.lines().toList());
      assertTrue(probed.lines().filter(line -> !line.isBlank())
          .allMatch(line -> line.matches("(video|audio),\\d+")), "read without error: " + probed);
      String played = run("ffmpeg", "-hide_banner", "-v", "error", "-strict", "experimental", "-i",
          api.base() + base + "master.m3u8", "-map", "0", "-c", "copy", "-f", "null", "-");
      assertEquals("", played.strip(), "ffmpeg plays the master, video and subtitles, to the end without error");
    }
  }

  private static long segments(ApiClient api, String id, String playlist) throws Exception {
    ApiClient.Response response = api.get("/hls/" + id + "/" + playlist);
    return response.status() == 200 ? response.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count()
        : 0;
  }

  private static MediaPlaylist media(String text) throws Exception {
    return assertInstanceOf(MediaPlaylist.class, new PlaylistParser(1 << 20, 10_000)
        .parse(URI.create("http://localhost/hls/x/index.m3u8"), text.getBytes(StandardCharsets.UTF_8)));
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
    assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + out);
    return out;
  }
}
