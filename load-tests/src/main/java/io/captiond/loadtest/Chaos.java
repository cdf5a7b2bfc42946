package io.captiond.loadtest;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The chaos run: a cluster on loopback ({@link ChaosCluster}: an api node and two ASR worker nodes), N RTMP
 * streams (ffmpeg looping a spoken clip) with a viewer each, for a phase, then each {@link ChaosFault} in
 * turn with a phase after it. The api node's restarts bring publishers back with the same key and viewers
 * with {@code since} = the last event they saw; the ASR faults and the disk fault last a hold, then heal.
 * {@link ChaosReport} gives the figures per fault.
 *
 * <p>{@code java -cp target/test-classes:target/captiond.jar io.captiond.loadtest.Chaos N PHASE_S OUT_DIR [HOLD_S [FAULT,...]]}
 */
public final class Chaos {

  /** Lag polled within this of a fault being healed counts as "during". */
  static final long DURING_MS = 20_000;

  record Lag(long atMs, long lagMs) {}

  private final int streams;
  private final long phaseMs;
  private final long holdMs;
  private final List<ChaosFault> faults;
  private final Path out;
  private final ChaosCluster cluster;
  private final List<String> ids = new ArrayList<>();
  private final Map<String, String> publishUrls = new LinkedHashMap<>();
  private final Map<String, ChaosFeed> feeds = new LinkedHashMap<>();
  private final List<Process> publishers = new ArrayList<>();
  private final List<Lag> lags = new CopyOnWriteArrayList<>();
  /** Per stream, the skipped-window counter last seen and what earlier api runs had counted before it restarted. */
  private final Map<String, long[]> skipped = new HashMap<>();
  private final Set<String> degradedSeen = new LinkedHashSet<>();
  private final long started = System.currentTimeMillis();

  private Chaos(int streams, long phaseMs, long holdMs, List<ChaosFault> faults, Path out) throws Exception {
    this.streams = streams;
    this.phaseMs = phaseMs;
    this.holdMs = holdMs;
    this.faults = faults;
    this.out = out;
    this.cluster = new ChaosCluster(Path.of("target/captiond.jar"), Files.createTempDirectory("chaos"), streams);
  }

  public static void main(String[] args) throws Exception {
    List<ChaosFault> faults = args.length > 4
        ? java.util.Arrays.stream(args[4].split(",")).map(f -> ChaosFault.valueOf(f.strip().toUpperCase())).toList()
        : List.of(ChaosFault.values());
    Chaos chaos = new Chaos(Integer.parseInt(args[0]), Long.parseLong(args[1]) * 1000,
        (args.length > 3 ? Long.parseLong(args[3]) : 15) * 1000, faults, Path.of(args[2]));
    try {
      chaos.run();
    } finally {
      chaos.stopAll();
    }
    System.exit(0);
  }

  private void run() throws Exception {
    cluster.start();
    for (int i = 0; i < streams; i++) {
      ServerApi.Created created = cluster.api().create("chaos " + i, new JsonObject().put("type", "rtmp"), null);
      ids.add(created.id());
      publishUrls.put(created.id(), created.publishUrl());
      feeds.put(created.id(), new ChaosFeed());
    }
    connectAll();
    publishAll();
    long publishedAt = now();
    List<ChaosFault.Injected> injected = new ArrayList<>();
    List<Set<String>> degraded = new ArrayList<>();
    poll(phaseMs);
    for (ChaosFault fault : faults) {
      degradedSeen.clear();
      long at = now();
      String load = loadAverage();
      long skippedBefore = skippedTotal();
      long healed = inject(fault);
      injected.add(new ChaosFault.Injected(fault, at, healed, skippedBefore, load));
      poll(phaseMs);
      degraded.add(Set.copyOf(degradedSeen));
    }
    long speechEnd = now();
    publishers.forEach(Process::destroy);
    poll(10_000);
    new ChaosReport(streams, phaseMs, holdMs, started, feeds, lags, loadAverage())
        .write(injected, degraded, skippedTotal(), storedFinals(), publishedAt, speechEnd, out);
  }

  /** Injects {@code fault} and heals it; returns when it was healed, in ms since the start. */
  private long inject(ChaosFault fault) throws Exception {
    switch (fault) {
      case KILL_API, TERM_API -> {
        cluster.stopApi(fault == ChaosFault.KILL_API);
        publishers.forEach(Process::destroyForcibly);
        publishers.clear();
        cluster.startApi();
        connectAll();
        publishAll();
      }
      case KILL_WORKER -> {
        cluster.killWorker(1);
        poll(holdMs);
        cluster.startWorker(1);
        pollUntil(() -> cluster.workersHeard() == ChaosCluster.WORKERS, 180_000);
      }
      case STOP_WORKER -> {
        cluster.signalWorker(0, "STOP");
        poll(holdMs);
        cluster.signalWorker(0, "CONT");
      }
      case DISK -> {
        cluster.limitApiFileSize(0);
        poll(holdMs);
        cluster.limitApiFileSize(-1);
      }
    }
    return now();
  }

  private void connectAll() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String id : ids) {
      ChaosFeed feed = feeds.get(id);
      String uri = cluster.base().replaceFirst("^http", "ws") + "/ws/streams/" + id + "/captions?since=" + feed.lastSeq();
      http.newWebSocketBuilder().buildAsync(URI.create(uri), feed).get(10, TimeUnit.SECONDS);
    }
  }

  private void publishAll() throws Exception {
    for (String id : ids) {
      publishers.add(new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-re",
          "-stream_loop", "-1", "-i", "src/test/data/speech/jfk.wav", "-c:a", "aac", "-b:a", "64k", "-f", "flv",
          publishUrls.get(id)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }
  }

  private void poll(long forMs) throws Exception {
    long until = now() + forMs;
    pollUntil(() -> now() >= until, forMs + 1_000);
  }

  /** Polls every stream once a second until {@code done} holds or {@code maxMs} have passed. */
  private void pollUntil(BooleanSupplier done, long maxMs) throws Exception {
    long until = now() + maxMs;
    while (!done.getAsBoolean() && now() < until) {
      for (String id : ids) {
        try {
          JsonObject stream = cluster.api().stream(id);
          JsonObject stats = stream.getJsonObject("stats", new JsonObject());
          long lag = stats.getLong("lastLagMs", -1L);
          if (lag >= 0) {
            lags.add(new Lag(now(), lag));
          }
          countSkipped(id, stats.getLong("skippedWindows", 0L));
          Object degraded = stream.getValue("degraded");
          if (degraded instanceof JsonObject reasons) {
            degradedSeen.addAll(reasons.fieldNames());
          }
        } catch (Exception e) {
          // the api node is restarting
        }
      }
      Thread.sleep(1_000);
    }
  }

  /** A counter that went down was restarted with the api node: what it had counted stays counted. */
  private void countSkipped(String id, long now) {
    long[] seen = skipped.computeIfAbsent(id, k -> new long[2]);
    if (now < seen[0]) {
      seen[1] += seen[0];
    }
    seen[0] = now;
  }

  private long skippedTotal() {
    return skipped.values().stream().mapToLong(s -> s[0] + s[1]).sum();
  }

  /** Each stream's stored finals, read by a fresh viewer from the start. */
  private Map<String, List<JsonObject>> storedFinals() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Map<String, List<JsonObject>> stored = new LinkedHashMap<>();
    for (String id : ids) {
      ChaosFeed feed = new ChaosFeed();
      http.newWebSocketBuilder().buildAsync(URI.create(cluster.base().replaceFirst("^http", "ws") + "/ws/streams/"
          + id + "/captions?since=0"), feed).get(10, TimeUnit.SECONDS);
      Thread.sleep(1_500);
      stored.put(id, feed.finals().stream().map(ChaosFeed.Arrival::event).toList());
    }
    return stored;
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private long now() {
    return System.currentTimeMillis() - started;
  }

  private void stopAll() {
    publishers.forEach(Process::destroyForcibly);
    cluster.close();
  }
}
