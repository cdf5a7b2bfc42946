package io.captiond.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.asr.whisper.SyntheticWhisper;
import io.captiond.bus.Addresses;
import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.NodeProcess;
import io.captiond.testing.TestServer;
import io.captiond.testing.WavFile;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-node cluster on loopback, as in production: this JVM runs the api node (sessions, HTTP); two ASR
 * workers run as processes of their own, {@code a} with pocketsphinx and the Whisper model {@code micro},
 * {@code b} with pocketsphinx only. Streams are routed by engine; a worker stopped with {@code SIGSTOP}
 * costs its windows their deadline (seconds), not a minute; a worker killed with {@code kill -9} is
 * announced by the membership listener within 2 s and has its windows re-sent at once. The kill comes
 * last: it ends the cluster's second worker. How soon captions follow depends on the machine's load
 * (printed with the figures): on a saturated machine the surviving worker itself needs seconds.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverTest {

  /**
   * A window gets 3 s plus three times its length (asr.timeout_ms, asr.max_realtime_factor on the api
   * node): room for a shared, loaded test machine, and still far from the old fixed minute.
   */
  static final long FLOOR_MS = 3_000;
  static final double MAX_RTF = 3.0;

  @TempDir
  static Path data;
  static NodeProcess a;
  static NodeProcess b;
  static TestServer api;
  static Path speech;

  @BeforeAll
  static void startCluster() throws Exception {
    int[] ports = {freePort(), freePort(), freePort()};
    String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
    String cluster = "captiond-failover-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    Path micro = SyntheticWhisper.ensure("micro").resolve("model").toAbsolutePath();
    Map<String, String> worker = Map.of("node.roles", "asr", "cluster.enabled", "true", "cluster.name", cluster,
        "cluster.host", "127.0.0.1", "cluster.members", members, "api.token", TestServer.TOKEN);
    Map<String, String> withMicro = new HashMap<>(worker);
    withMicro.putAll(Map.of("whisper.models", "micro=" + micro, "cluster.hazelcast_port", "" + ports[0],
        "data.dir", data.resolve("a").toString()));
    Map<String, String> pocketsphinxOnly = new HashMap<>(worker);
    pocketsphinxOnly.putAll(Map.of("cluster.hazelcast_port", "" + ports[1], "data.dir", data.resolve("b").toString()));
    a = NodeProcess.start(withMicro, data.resolve("a.log"));
    b = NodeProcess.start(pocketsphinxOnly, data.resolve("b.log"));
    a.awaitOutput("ready: engines", Duration.ofSeconds(120));
    b.awaitOutput("ready: engines", Duration.ofSeconds(120));
    api = TestServer.start(TestServer.config(data.resolve("api"), Map.of("node.roles", List.of("api"),
        "cluster.enabled", true, "cluster.name", cluster, "cluster.host", "127.0.0.1",
        "cluster.members", List.of(members.split(",")), "cluster.hazelcast_port", ports[2],
        "asr.timeout_ms", (int) FLOOR_MS, "asr.max_realtime_factor", MAX_RTF)));
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (nodes().size() < 2) {
      assertTrue(System.nanoTime() < until, "both workers heard: " + api.api().get("/api/engines").body());
      Thread.sleep(200);
    }
    short[] jfk = WavFile.read16kMono(Fixtures.jfkWav());
    short[] four = new short[jfk.length * 4];
    for (int i = 0; i < 4; i++) {
      System.arraycopy(jfk, 0, four, i * jfk.length, jfk.length);
    }
    speech = data.resolve("jfk-x4.wav");
    WavFile.write16kMono(speech, four);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (api != null) {
      api.close();
    }
    for (NodeProcess node : new NodeProcess[] {a, b}) {
      if (node != null) {
        node.close();
      }
    }
  }

  static List<JsonObject> nodes() throws Exception {
    return api.api().get("/api/engines").json().getJsonArray("nodes").stream().map(JsonObject.class::cast).toList();
  }

  static JsonObject node(List<String> engines) throws Exception {
    List<JsonObject> nodes = nodes();
    return nodes.stream().filter(n -> n.getJsonArray("engines").getList().equals(engines)).findFirst()
        .orElseThrow(() -> new AssertionError("no worker with " + engines + ": " + nodes));
  }

  @Test
  @Order(1)
  void aStreamAskingForAnEngineOnlyOneNodeHasIsServedByThatNodeAlone() throws Exception {
    ApiClient client = api.api();
    JsonObject listed = client.get("/api/engines").json();
    assertEquals(List.of("pocketsphinx", "micro"), node(List.of("pocketsphinx", "micro")).getJsonArray("engines").getList());
    assertTrue(listed.getJsonArray("available").getList().containsAll(List.of("pocketsphinx", "micro")), listed.encode());
    ApiClient.Response unserved = client.post("/api/streams", new JsonObject().put("name", "x").put("engine", "whisper-huge")
        .put("source", new JsonObject().put("type", "pull").put("url", Fixtures.jfkWav().toString())));
    assertEquals(400, unserved.status());
    assertTrue(unserved.body().contains("micro") && unserved.body().contains("pocketsphinx"), unserved.body());

    long aBefore = node(List.of("pocketsphinx", "micro")).getLong("transcribed");
    long bBefore = node(List.of("pocketsphinx")).getLong("transcribed");
    ApiClient.Response created = client.post("/api/streams", new JsonObject().put("name", "micro-only")
        .put("engine", "micro").put("language", "en")
        .put("source", new JsonObject().put("type", "pull").put("url", Fixtures.jfkWav().toString()).put("realtime", false)));
    assertEquals(201, created.status(), created.body());
    JsonObject ended = client.awaitState(created.json().getString("id"), "ended", Duration.ofSeconds(120));
    assertTrue(ended.getJsonObject("stats").getLong("captions") > 0, ended.encode());
    Thread.sleep(2_500); // a heartbeat or two
    long aAfter = node(List.of("pocketsphinx", "micro")).getLong("transcribed");
    long bAfter = node(List.of("pocketsphinx")).getLong("transcribed");
    System.out.printf("routing: node a transcribed %d windows, node b %d (uptime: %s)%n", aAfter - aBefore,
        bAfter - bBefore, uptime());
    assertTrue(aAfter > aBefore, "a served it");
    assertEquals(bBefore, bAfter, "b, without micro, was never asked");
    assertFalse(b.output().contains("has not loaded"), b.output());
  }

  @Test
  @Order(2)
  void aStoppedWorkersWindowsAreResentAfterTheirDeadlineNotAfterAMinute() throws Exception {
    String stopped = node(List.of("pocketsphinx")).getString("node");
    try (Logged decodes = Logged.of("io.captiond.session.DecodeLoop");
        Logged client = Logged.of("io.captiond.session.AsrClient")) {
      // continued after 12 s: before Hazelcast's own failure detection would drop it from the cluster
      Timeline timeline = runWith(() -> b.signal("STOP"), () -> b.signal("CONT"), "SIGSTOP b");
      List<Long> waits = new ArrayList<>();
      Matcher m = Pattern.compile("Timed out after waiting (\\d+)\\(ms\\).*captiond\\.asr\\.node\\." + stopped)
          .matcher(String.join("\n", decodes.messages()));
      while (m.find()) {
        waits.add(Long.parseLong(m.group(1)));
      }
      // a partial given up is not retried, so only the client tells of its timeout
      Matcher atWorker = Pattern.compile("timed out at ASR worker " + stopped + " after (\\d+) ms")
          .matcher(String.join("\n", client.messages()));
      while (atWorker.find()) {
        waits.add(Long.parseLong(atWorker.group(1)));
      }
      System.out.printf("SIGSTOP b: windows at b given up after %s ms (deadline: %d ms + %.1f x window)%n", waits,
          FLOOR_MS, MAX_RTF);
      assertFalse(waits.isEmpty(), "a window sent to the stopped worker timed out: " + decodes.messages());
      long longestDeadline = FLOOR_MS + Math.round(30_000 * MAX_RTF);
      assertTrue(waits.stream().allMatch(w -> w <= longestDeadline && w < 60_000),
          "each after its own deadline, not a fixed minute: " + waits);
      assertTrue(timeline.firstAfterFaultMs < Long.MAX_VALUE / 2, "captions went on: " + timeline);
    }
  }

  @Test
  @Order(3)
  void killingAWorkerMidStreamHasItsWindowsResentAtOnce() throws Exception {
    String killed = node(List.of("pocketsphinx")).getString("node");
    List<Long> departures = new java.util.concurrent.CopyOnWriteArrayList<>();
    api.node().vertx().eventBus().<String>localConsumer(Addresses.ASR_NODE_LEFT, message -> {
      if (message.body().equals(killed)) {
        departures.add(System.currentTimeMillis());
      }
    }).completion().await();
    long[] killedAt = new long[1];
    try (Logged client = Logged.of("io.captiond.session.AsrClient")) {
      Timeline timeline = runWith(() -> {
        b.kill();
        killedAt[0] = System.currentTimeMillis();
      }, () -> { }, "kill -9 b");
      long resent = client.messages().stream().filter(msg -> msg.contains("left with the window")).count();
      List<String> answered = client.messages().stream().filter(msg -> msg.contains("after the re-send")).toList();
      System.out.printf("kill -9 b: the api node heard it leave %s ms after the kill; %d window(s) re-sent at once,"
          + " answered: %s; skipped windows %d; first caption after the kill: %d ms (load at the kill: %s)%n",
          departures.stream().map(t -> t - killedAt[0]).toList(), resent, answered,
          timeline.ended.getJsonObject("stats").getLong("skippedWindows"), timeline.firstAfterFaultMs, timeline.load);
      assertFalse(departures.isEmpty(), "the membership listener announced the departure");
      assertTrue(departures.get(0) - killedAt[0] <= 2_000, "within 2 s: " + (departures.get(0) - killedAt[0]));
      assertTrue(timeline.firstAfterFaultMs < Long.MAX_VALUE / 2, "captions went on: " + timeline);
      assertTrue(timeline.ended.getJsonObject("stats").containsKey("skippedWindows"), timeline.ended.encode());
      if (timeline.moderateLoad()) {
        // the bound of the issue, asserted only where the surviving worker is not starved of CPU
        assertTrue(timeline.firstAfterFaultMs <= 2_000, "captions within 2 s of the kill at load "
            + timeline.load + ": " + timeline.firstAfterFaultMs + " ms");
      }
    }
  }

  /** The records of one logger while open. */
  static final class Logged extends java.util.logging.Handler implements AutoCloseable {
    private final java.util.logging.Logger logger;
    private final List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Logged(String name) {
      logger = java.util.logging.Logger.getLogger(name);
      logger.addHandler(this);
    }

    static Logged of(String name) {
      return new Logged(name);
    }

    List<String> messages() {
      return messages;
    }

    @Override
    public void publish(java.util.logging.LogRecord record) {
      messages.add(record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }

  interface Fault {
    void inject() throws Exception;
  }

  /**
   * When captions arrived around a fault injected 3 s into the speech, how the stream ended, and the
   * 1-minute load average when the fault was injected.
   */
  record Timeline(long firstAfterFaultMs, long longestGapBeforeMs, long longestGapAfterMs, JsonObject ended,
      double load) {

    /** No more runnable threads than cores: the bounds of the issue are meant for a machine that is not saturated. */
    boolean moderateLoad() {
      return load <= Runtime.getRuntime().availableProcessors();
    }
  }

  private Timeline runWith(Fault fault, Fault heal, String what) throws Exception {
    ApiClient client = api.api();
    String id = client.createPull(what, speech.toString(), true).getString("id");
    ApiClient.CaptionListener viewer = client.listen(id, 0);
    List<Long> arrivals = new ArrayList<>();
    long faultAt = -1;
    boolean healed = false;
    double load = -1;
    long lastLook = 0;
    long deadline = System.currentTimeMillis() + 180_000;
    JsonObject state = null;
    while (System.currentTimeMillis() < deadline) {
      int seen = viewer.events().size();
      while (arrivals.size() < seen) {
        arrivals.add(System.currentTimeMillis());
      }
      if (faultAt < 0 && !arrivals.isEmpty() && System.currentTimeMillis() - arrivals.get(0) > 3_000) {
        load = loadAverage();
        fault.inject();
        faultAt = System.currentTimeMillis();
      }
      if (faultAt > 0 && !healed && System.currentTimeMillis() - faultAt > 12_000) {
        heal.inject();
        healed = true;
      }
      if (System.currentTimeMillis() - lastLook >= 1_000) {
        lastLook = System.currentTimeMillis();
        state = client.get("/api/streams/" + id).json();
        if (state.getString("state").equals("ended")) {
          break;
        }
      }
      Thread.sleep(20);
    }
    if (!healed) {
      heal.inject();
    }
    state = client.awaitState(id, "ended", Duration.ofSeconds(120));
    viewer.close();
    long at = faultAt;
    long first = arrivals.stream().filter(t -> t >= at).findFirst().orElse(Long.MAX_VALUE) - faultAt;
    long before = 0;
    long after = 0;
    for (int i = 1; i < arrivals.size(); i++) {
      long gap = arrivals.get(i) - Math.max(arrivals.get(i - 1), 0);
      if (arrivals.get(i) < faultAt) {
        before = Math.max(before, gap);
      } else {
        after = Math.max(after, arrivals.get(i) - Math.max(arrivals.get(i - 1), faultAt));
      }
    }
    Timeline timeline = new Timeline(first, before, after, state, load);
    System.out.printf("%s: first caption %d ms after the fault; longest gap before %d ms, after %d ms; stats %s;"
        + " degraded %s (uptime: %s)%n", what, first, before, after, state.getJsonObject("stats").encode(),
        state.getValue("degraded"), uptime());
    assertTrue(state.getJsonObject("stats").getLong("captions") > 0, state.encode());
    return timeline;
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (java.io.IOException | NumberFormatException e) {
      return Double.MAX_VALUE;
    }
  }

  private static String uptime() {
    try {
      return new String(new ProcessBuilder("uptime").start().getInputStream().readAllBytes()).strip();
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
