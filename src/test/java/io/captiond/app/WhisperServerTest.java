package io.captiond.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.AsrEngine;
import io.captiond.asr.AsrException;
import io.captiond.asr.AudioWindow;
import io.captiond.asr.EngineCatalog;
import io.captiond.asr.Transcript;
import io.captiond.asr.TranscribeOptions;
import io.captiond.asr.WordTiming;
import io.captiond.asr.whisper.SyntheticWhisper;
import io.captiond.asr.whisper.WhisperEngine;
import io.captiond.asr.whisper.WhisperSettings;
import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whisper in the running server, on the synthetic micro model (random weights: its text is
 * gibberish, so these tests check the plumbing and the times, not the words).
 */
class WhisperServerTest {

  private static final long JFK_MS = 11_000;
  static Path micro;

  @TempDir
  Path data;

  @BeforeAll
  static void model() throws Exception {
    micro = SyntheticWhisper.ensure("micro").resolve("model").toAbsolutePath();
  }

  static TestServer start(Path data, Map<String, Object> more) throws Exception {
    Map<String, Object> overrides = new java.util.HashMap<>(Map.of("whisper.models", List.of("micro=" + micro),
        "whisper.threads", 1, "whisper.temperatures", List.of("0.0"), "whisper.batch_size", 4,
        "whisper.batch_wait_ms", 20));
    overrides.putAll(more);
    return TestServer.start(TestServer.config(data, overrides));
  }

  @Test
  void aLiveStreamIsCaptionedByTheWhisperModelItNames() throws Exception {
    try (TestServer server = start(data, Map.of())) {
      ApiClient api = server.api();
      ApiClient.Response created = api.post("/api/streams", new JsonObject().put("name", "jfk")
          .put("source", new JsonObject().put("type", "pull").put("url", Fixtures.jfkWav().toString())
              .put("realtime", true)).put("language", "en").put("engine", "micro"));
      assertEquals(201, created.status(), created.body());
      String id = created.json().getString("id");
      assertEquals("micro", created.json().getString("engine"));
      ApiClient.CaptionListener viewer = api.listen(id, 0);
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(60));
      long captions = ended.getJsonObject("stats").getLong("captions");
      List<JsonObject> finals = viewer.awaitFinals((int) captions, Duration.ofSeconds(5));
      viewer.close();
      System.out.println("micro through the server: " + viewer.events().size() + " events, " + finals.size()
          + " finals: " + viewer.events());
      assertFalse(viewer.events().isEmpty(), "caption events arrive");
      assertTrue(captions > 0, "finals: " + ended);
      assertEquals(0, ended.getJsonObject("stats").getLong("skippedWindows"), ended.encode());
      EndToEndCaptionsTest.assertSequencesIncrease(viewer.events());
      long previousEnd = 0;
      for (JsonObject cue : finals) {
        long start = cue.getLong("start");
        long end = cue.getLong("end");
        assertTrue(start >= previousEnd && end >= start && end <= JFK_MS + 500, "final inside the clip, in order: " + cue);
        previousEnd = end;
      }
      for (JsonObject partial : viewer.partials()) {
        assertTrue(partial.getLong("start") >= 0 && partial.getLong("end") <= JFK_MS + 500, partial.encode());
      }
    }
  }

  @Test
  void windowsOfSeveralStreamsShareBatchesAndEachStreamGetsItsOwnCaptions() throws Exception {
    try (TestServer server = start(data, Map.of("whisper.batch_wait_ms", 300))) {
      ApiClient api = server.api();
      List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ApiClient.Response created = api.post("/api/streams", new JsonObject().put("name", "s" + i).put("engine", "micro")
            .put("language", "en").put("source", new JsonObject().put("type", "pull").put("url", Fixtures.jfkWav().toString())));
        assertEquals(201, created.status(), created.body());
        ids.add(created.json().getString("id"));
      }
      List<List<JsonObject>> finals = new java.util.ArrayList<>();
      for (String id : ids) {
        JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(90));
        assertEquals(0, ended.getJsonObject("stats").getLong("skippedWindows"), ended.encode());
        ApiClient.CaptionListener viewer = api.listen(id, 0);
        finals.add(viewer.awaitFinals((int) ended.getJsonObject("stats").getLong("captions").longValue(),
            Duration.ofSeconds(5)));
        viewer.close();
      }
      // the same audio through the same model: every stream gets the same captions, batched or not
      assertFalse(finals.get(0).isEmpty());
      for (List<JsonObject> stream : finals) {
        assertEquals(finals.get(0).stream().map(f -> f.getString("text") + f.getLong("start")).toList(),
            stream.stream().map(f -> f.getString("text") + f.getLong("start")).toList());
      }
      String metrics = api.get("/metrics").body();
      double largest = metrics.lines().filter(l -> l.startsWith("captiond_asr_batch_size_max{engine=\"micro\"")).findFirst()
          .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).orElse(0.0);
      assertTrue(largest >= 2, "windows of several streams went through the model together: "
          + metrics.lines().filter(l -> l.startsWith("captiond_asr_batch")).toList());
    }
  }

  @Test
  void enginesAreListedAndAddedOrSwappedWithoutARestart() throws Exception {
    try (TestServer server = start(data, Map.of("asr.engine", "micro"))) {
      ApiClient api = server.api();
      JsonObject listed = api.get("/api/engines").json();
      JsonArray engines = listed.getJsonArray("engines");
      JsonObject first = engines.stream().map(JsonObject.class::cast).filter(e -> e.getString("name").equals("micro"))
          .findFirst().orElseThrow(() -> new AssertionError(listed.encode()));
      assertEquals("whisper", first.getString("kind"));
      assertEquals("CPU", first.getString("device"));
      assertEquals(1, first.getInteger("threads"));
      assertTrue(first.getBoolean("default"));

      ApiClient.Response added = api.post("/api/engines", new JsonObject().put("name", "micro-2").put("path", micro.toString()));
      assertEquals(201, added.status(), added.body());
      assertFalse(added.json().getBoolean("replaced"));
      String id = api.post("/api/streams", new JsonObject().put("name", "later").put("engine", "micro-2")
          .put("source", new JsonObject().put("type", "pull").put("url", Fixtures.jfkWav().toString())))
          .json().getString("id");

      // swap the default model while the stream runs: requests in flight finish on the old one
      AsrEngine before;
      try (EngineCatalog.Lease lease = server.node().engines().acquire("micro").orElseThrow()) {
        before = lease.engine();
      }
      ApiClient.Response swapped = api.post("/api/engines", new JsonObject().put("name", "micro").put("path", micro.toString()));
      assertEquals(200, swapped.status(), swapped.body());
      assertTrue(swapped.json().getBoolean("replaced"));
      try (EngineCatalog.Lease now = server.node().engines().acquire("micro").orElseThrow()) {
        assertFalse(now.engine() == before, "a new engine answers under the old name");
      }
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(60));
      assertEquals(0, ended.getJsonObject("stats").getLong("skippedWindows"), ended.encode());
      assertTrue(ended.getJsonObject("stats").getLong("captions") > 0, ended.encode());

      assertEquals(400, api.post("/api/engines", new JsonObject().put("name", "bad").put("path", "/nonexistent/model")).status());
      assertEquals(400, api.post("/api/engines", new JsonObject().put("name", "no spaces").put("path", micro.toString())).status());
      ApiClient.Response unknown = api.post("/api/streams", new JsonObject().put("name", "x").put("engine", "whisper-huge")
          .put("source", new JsonObject().put("type", "pull").put("url", Fixtures.jfkWav().toString())));
      assertEquals(400, unknown.status());
      assertTrue(unknown.body().contains("micro-2"), unknown.body());
      assertEquals(401, api.getWithToken("/api/engines", "wrong").status());
    }
  }

  @Test
  void aFailingWindowIsRetriedThenSkippedAndTheStreamGoesOn() throws Exception {
    try (TestServer server = start(data, Map.of())) {
      ApiClient api = server.api();
      WhisperEngine whisper = WhisperEngine.load("flaky", micro, WhisperSettings.greedy(1));
      AtomicInteger refused = new AtomicInteger();
      server.node().engines().put(new EngineCatalog.Loaded(new FailingEarly(whisper, 2_000, refused),
          new EngineCatalog.Description("flaky", "whisper", "CPU", 1, micro.toString(), 0)));
      ApiClient.Response created = api.post("/api/streams", new JsonObject().put("name", "flaky").put("engine", "flaky")
          .put("language", "en").put("source", new JsonObject().put("type", "pull").put("url", Fixtures.jfkWav().toString())));
      assertEquals(201, created.status(), created.body());
      String id = created.json().getString("id");
      ApiClient.CaptionListener viewer = api.listen(id, 0);
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(60));
      JsonObject stats = ended.getJsonObject("stats");
      List<JsonObject> finals = viewer.awaitFinals((int) stats.getLong("captions").longValue(), Duration.ofSeconds(5));
      viewer.close();
      assertTrue(refused.get() >= 2, "the failing final was tried twice: " + refused.get());
      assertTrue(stats.getLong("skippedWindows") >= 1, "a logged gap: " + stats);
      assertFalse(finals.isEmpty(), "captions after the gap: " + stats);
      assertTrue(finals.stream().allMatch(f -> f.getLong("end") > 2_000), "no caption from the failed window: " + finals);
    }
  }

  @Test
  void badWhisperConfigurationNamesTheKey() {
    ConfigException entry = assertThrows(ConfigException.class,
        () -> TestServer.start(TestServer.config(data, Map.of("whisper.models", List.of("no-equals-sign")))));
    assertTrue(entry.getMessage().contains("whisper.models"), entry.getMessage());
    ConfigException missing = assertThrows(ConfigException.class,
        () -> TestServer.start(TestServer.config(data, Map.of("whisper.models", List.of("gone=" + data.resolve("gone"))))));
    assertTrue(missing.getMessage().contains("whisper.models") && missing.getMessage().contains("not found"),
        missing.getMessage());
    ConfigException engine = assertThrows(ConfigException.class,
        () -> TestServer.start(TestServer.config(data, Map.of("asr.engine", "whisper-base"))));
    assertTrue(engine.getMessage().contains("asr.engine") && engine.getMessage().contains("whisper.models"),
        engine.getMessage());
    ConfigException device = assertThrows(ConfigException.class,
        () -> TestServer.start(TestServer.config(data, Map.of("whisper.device", "tpu"))));
    assertTrue(device.getMessage().contains("whisper.device"), device.getMessage());
  }

  /** A Whisper engine that throws on every window starting before {@code failBeforeMs}: a crafted bad window. */
  private record FailingEarly(WhisperEngine whisper, long failBeforeMs, AtomicInteger refused) implements AsrEngine {
    @Override
    public String name() {
      return "flaky";
    }

    @Override
    public WordTiming wordTiming() {
      return whisper.wordTiming();
    }

    @Override
    public Transcript transcribe(AudioWindow window, TranscribeOptions options) throws AsrException {
      if (window.startMs() < failBeforeMs) {
        refused.incrementAndGet();
        throw new AsrException("ONNX Runtime refused the window at " + window.startMs() + " ms (test fault)");
      }
      return whisper.transcribe(window, options);
    }

    @Override
    public void close() {
      whisper.close();
    }
  }
}
