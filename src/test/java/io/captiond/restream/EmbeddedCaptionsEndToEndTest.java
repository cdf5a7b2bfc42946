package io.captiond.restream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.captiond.media.embed.FfmpegChecks;
import io.captiond.media.hls.HlsFolder;
import io.captiond.testing.ApiClient;
import io.captiond.testing.ClosedCaptions;
import io.captiond.testing.Flite;
import io.captiond.testing.NginxRtmp;
import io.captiond.testing.SrtEvents;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captions in the picture, end to end: Debian's ffmpeg publishes flite speech and a test picture over
 * RTMP to a stream created with a restream output to a real nginx-rtmp (recording). The re-published
 * HLS must carry CEA-608 (ffprobe's closed_captions), its CC1 text must be the stream's confirmed
 * captions, and in synced mode each caption must be on screen within 0.5 s of its words' stream
 * time; the master playlist declares CC1. The restream's recordings must hold video, audio and the
 * same captions; killing nginx and starting it again, the output reconnects on its own. An output
 * added and removed while live shows in the description, its key never.
 */
class EmbeddedCaptionsEndToEndTest {

  private static final String KEY = "platform-secret-key";
  private static final long SYNC_DELAY_MS = 12_000;

  @TempDir
  Path data;

  @Test
  void theHlsAndARestreamCarryTheConfirmedCaptionsOnTheirWordsAndTheRestreamSurvivesAServerRestart()
      throws Exception {
    assumeTrue(FfmpegChecks.installed() && NginxRtmp.installed(), "needs Debian ffmpeg and nginx with the RTMP module");
    Path wav = Flite.speak(List.of("The weather is nice today.", "I would like a cup of coffee.",
        "Please open the door for me.", "We will meet at the station tomorrow morning.",
        "She reads a book every night."), 1_500, data.resolve("speech.wav"));
    try (NginxRtmp nginx = NginxRtmp.start(data.resolve("nginx"));
        TestServer server = TestServer.start(TestServer.config(data.resolve("server"), Map.ofEntries(
            Map.entry("rtmp.reconnect_grace_ms", 1000), Map.entry("hls_out.window_segments", 200),
            Map.entry("hls_out.embedded_captions", true), Map.entry("embedded_captions.timing", "synced"),
            Map.entry("embedded_captions.delay_ms", (int) SYNC_DELAY_MS), Map.entry("embedded_captions.mode", "pop_on"),
            Map.entry("embedded_captions.rows", 4), Map.entry("embedded_captions.clear_after_ms", 1500),
            Map.entry("restream.initial_backoff_ms", 200), Map.entry("restream.max_backoff_ms", 1000))))) {
      ApiClient api = server.api();
      ApiClient.Response created = api.post("/api/streams", new JsonObject().put("name", "embedded")
          .put("source", new JsonObject().put("type", "rtmp"))
          .put("outputs", new JsonArray().add(new JsonObject().put("url", nginx.url(KEY)).put("captions", "cea608"))));
      assertEquals(201, created.status(), created.body());
      assertFalse(created.body().contains(KEY), created.body());
      String id = created.json().getString("id");
      assertEquals("rtmp://127.0.0.1:" + nginx.url("").split(":")[2].split("/")[0] + "/live/***",
          created.json().getJsonArray("outputs").getJsonObject(0).getString("url"));
      ApiClient.CaptionListener feed = api.listen(id, 0);
      Process publisher = publish(wav, created.json().getString("publish"), data.resolve("publisher.log"));
      try {
        api.awaitState(id, "live", Duration.ofSeconds(30));
        awaitOutput(api, id, o -> "live".equals(o.getString("state")), "the output goes live");
        addAndRemoveAnOutput(api, id, nginx);

        Thread.sleep(4_000);
        nginx.kill();
        awaitOutput(api, id, o -> !"live".equals(o.getString("state")), "the output sees nginx gone");
        Thread.sleep(1_000);
        nginx.launch();
        JsonObject back = awaitOutput(api, id, o -> "live".equals(o.getString("state")) && o.getInteger("reconnects") >= 1,
            "the output reconnects on its own");
        System.out.println("embedded: output after the restart: " + back.encode());
        assertTrue(back.getLong("bitrate") >= 0 && back.getString("lastError") != null, back.encode());
        assertFalse(back.encode().contains(KEY), back.encode());
        String metrics = api.get("/metrics").body();
        assertTrue(metrics.contains("captiond_restream_live{output=\"1\",stream=\"" + id + "\"} 1.0"),
            () -> metrics.lines().filter(l -> l.contains("restream")).collect(Collectors.joining("\n")));
        assertTrue(metrics.contains("captiond_restream_reconnects_total{output=\"1\",stream=\"" + id + "\"}"));
        assertFalse(metrics.contains(KEY));

        assertTrue(publisher.waitFor(120, TimeUnit.SECONDS), "the publisher finishes");
        assertEquals(0, publisher.exitValue(), Files.readString(data.resolve("publisher.log")));
        api.awaitState(id, "ended", Duration.ofSeconds(90));
      } finally {
        publisher.destroyForcibly();
      }
      Thread.sleep(1_000); // the last finals reach the feed
      feed.close();
      List<JsonObject> finals = feed.finals();
      System.out.println("embedded: finals: " + finals.stream().map(f -> f.getLong("start") + " " + f.getString("text"))
          .collect(Collectors.joining(" | ")));
      assertTrue(finals.size() >= 3, "finals: " + finals);

      Path hls = data.resolve("server").resolve("streams").resolve(id).resolve("hls");
      String master = Files.readString(hls.resolve(HlsFolder.MASTER));
      assertTrue(master.contains("TYPE=CLOSED-CAPTIONS,GROUP-ID=\"cc\"") && master.contains("INSTREAM-ID=\"CC1\"")
          && master.contains("CLOSED-CAPTIONS=\"cc\""), master);
      SrtEvents hlsCaptions = ClosedCaptions.extract(hls.resolve(HlsFolder.MEDIA));
      assertEquals(words(finals.stream().map(f -> f.getString("text")).toList()), words(texts(hlsCaptions)),
          "the HLS's CC1 says what the stream confirmed");
      checkSynced(finals, hlsCaptions);

      checkRecordings(nginx, finals);
    }
  }

  /** Pop-on cue n is confirmed caption n: it must be on screen within 0.5 s of its words' start. */
  private static void checkSynced(List<JsonObject> finals, SrtEvents shown) {
    List<SrtEvents.Event> events = shown.events();
    assertEquals(finals.size(), events.size(), "one pop-on cue per confirmed caption: " + texts(shown));
    List<Long> offsets = new ArrayList<>();
    for (int i = 0; i < finals.size(); i++) {
      offsets.add(events.get(i).startMs() - finals.get(i).getLong("start"));
    }
    System.out.println("embedded: synced cue start minus word start (ms): " + offsets);
    for (int i = 0; i < offsets.size(); i++) {
      assertTrue(Math.abs(offsets.get(i)) <= 500, "cue " + i + " '" + events.get(i).text() + "' is " + offsets.get(i)
          + " ms from its words");
    }
  }

  /** Every recording has video, audio and captions; their text, in order, is the confirmed text. */
  private static void checkRecordings(NginxRtmp nginx, List<JsonObject> finals) throws Exception {
    List<Path> recordings = nginx.recordings();
    assertTrue(recordings.size() >= 2, "a recording before and after the restart: " + recordings);
    List<String> recorded = new ArrayList<>();
    for (Path recording : recordings) {
      if (Files.size(recording) < 10_000) {
        continue; // the removed output's, or a connection that ended at once
      }
      recorded.addAll(texts(FfmpegChecks.extract(recording)));
    }
    List<String> all = words(finals.stream().map(f -> f.getString("text")).toList());
    List<String> got = words(recorded);
    System.out.println("embedded: recorded " + got.size() + " of " + all.size() + " words: " + String.join(" ", got));
    assertTrue(got.size() >= all.size() / 3, "the recordings carry captions: " + got);
    assertTrue(isSubsequence(got, all), "recorded words in the confirmed order: " + got + " of " + all);
  }

  private static void addAndRemoveAnOutput(ApiClient api, String id, NginxRtmp nginx) throws Exception {
    ApiClient.Response added = api.post("/api/streams/" + id + "/outputs",
        new JsonObject().put("url", nginx.url("second-" + KEY)).put("captions", "none"));
    assertEquals(201, added.status(), added.body());
    assertFalse(added.body().contains(KEY), added.body());
    String second = added.json().getString("id");
    assertEquals(2, api.get("/api/streams/" + id).json().getJsonArray("outputs").size());
    assertEquals(400, api.post("/api/streams/" + id + "/outputs", new JsonObject().put("url", "http://x/a/b")).status());
    assertEquals(204, api.delete("/api/streams/" + id + "/outputs/" + second).status());
    assertEquals(404, api.delete("/api/streams/" + id + "/outputs/" + second).status());
    JsonArray left = api.get("/api/streams/" + id + "/outputs").json().getJsonArray("outputs");
    assertEquals(1, left.size(), left.encode());
  }

  private static JsonObject awaitOutput(ApiClient api, String id, java.util.function.Predicate<JsonObject> wanted,
      String what) throws Exception {
    JsonObject[] last = {null};
    awaitTrue(() -> {
      try {
        JsonArray outputs = api.get("/api/streams/" + id).json().getJsonArray("outputs");
        last[0] = outputs.isEmpty() ? null : outputs.getJsonObject(0);
        return last[0] != null && wanted.test(last[0]);
      } catch (Exception e) {
        return false;
      }
    }, Duration.ofSeconds(30), what);
    return last[0];
  }

  /** Speech, then 8 s of silence (so the last words are confirmed while the stream runs), with a 30 fps picture. */
  private static Process publish(Path wav, String url, Path log) throws Exception {
    return new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-re", "-i", wav.toString(),
        "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-map", "0:a", "-map", "1:v",
        "-af", "apad=pad_dur=8", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "60",
        "-pix_fmt", "yuv420p", "-b:v", "300k", "-c:a", "aac", "-b:a", "64k", "-shortest", "-f", "flv", url)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static List<String> texts(SrtEvents srt) {
    return srt.events().stream().map(SrtEvents.Event::text).toList();
  }

  /** Words as 608 shows them: letters, digits and apostrophes, case folded. */
  static List<String> words(List<String> texts) {
    return texts.stream().flatMap(t -> Arrays.stream(t.toLowerCase(Locale.ROOT).replace('\u2019', '\'')
        .split("[^a-z0-9']+"))).filter(w -> !w.isEmpty()).toList();
  }

  private static boolean isSubsequence(List<String> part, List<String> whole) {
    int at = 0;
    for (String word : part) {
      while (at < whole.size() && !whole.get(at).equals(word)) {
        at++;
      }
      if (at++ >= whole.size()) {
        return false;
      }
    }
    return true;
  }

  private static void awaitTrue(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(300);
    }
  }
}
