package io.captiond.loadtest;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The chaos run: N RTMP streams (ffmpeg looping a spoken clip) with a viewer each, for a phase, then each
 * fault in turn with a phase after it: {@code kill -9} and restart, then SIGTERM and restart. Publishers
 * come back with the same key, viewers with {@code since} = the last event they saw. Per fault: finals lost,
 * duplicated, windows skipped, the longest wait between two finals at a viewer, and the server's caption
 * lag p95 (its {@code stats.lastLagMs}, polled every second) before, during (the first 20 s after the
 * restart) and after.
 *
 * <p>{@code java -cp target/test-classes:target/captiond.jar io.captiond.loadtest.Chaos N PHASE_S OUT_DIR}
 */
public final class Chaos {

  private static final String TOKEN = "chaos-token-0123456789abcdefghijklmnopqrs";
  private static final long DURING_MS = 20_000;

  private record Fault(String name, long atMs, long backAtMs) {}

  private record Lag(long atMs, long lagMs) {}

  private final int streams;
  private final long phaseMs;
  private final Path out;
  private final Path data;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<String> ids = new ArrayList<>();
  private final Map<String, String> publishUrls = new LinkedHashMap<>();
  private final Map<String, Feed> feeds = new LinkedHashMap<>();
  private final List<Process> publishers = new ArrayList<>();
  private final List<Lag> lags = new CopyOnWriteArrayList<>();
  private final Map<String, Long> skippedThisRun = new LinkedHashMap<>();
  private final List<Long> skippedPerRun = new ArrayList<>();
  private final List<String> loads = new ArrayList<>();
  private final long started = System.currentTimeMillis();
  private ServerProcess server;
  private ServerApi api;

  private Chaos(int streams, long phaseMs, Path out) throws Exception {
    this.streams = streams;
    this.phaseMs = phaseMs;
    this.out = out;
    this.data = Files.createTempDirectory("chaos");
    try (var a = new java.net.ServerSocket(0); var b = new java.net.ServerSocket(0)) {
      env.put("CAPTIOND_HTTP_PORT", Integer.toString(a.getLocalPort()));
      env.put("CAPTIOND_RTMP_PORT", Integer.toString(b.getLocalPort()));
    }
    env.put("CAPTIOND_RTMP_MAX_CONNECTIONS_PER_IP", Integer.toString(streams + 4));
  }

  public static void main(String[] args) throws Exception {
    Chaos chaos = new Chaos(Integer.parseInt(args[0]), Long.parseLong(args[1]) * 1000, Path.of(args[2]));
    try {
      chaos.run();
    } finally {
      chaos.stopAll();
    }
    System.exit(0);
  }

  private void run() throws Exception {
    startServer();
    for (int i = 0; i < streams; i++) {
      ServerApi.Created created = api.create("chaos " + i, new JsonObject().put("type", "rtmp"), null);
      ids.add(created.id());
      publishUrls.put(created.id(), created.publishUrl());
      feeds.put(created.id(), new Feed());
    }
    connectAll();
    publishAll();
    List<Fault> faults = new ArrayList<>();
    poll(phaseMs);
    faults.add(fault("kill -9 + restart", true));
    poll(phaseMs);
    faults.add(fault("SIGTERM + restart", false));
    poll(phaseMs);
    publishers.forEach(Process::destroy);
    poll(10_000);
    endRun();
    report(faults);
  }

  /** The server's counters restart with it: what one run skipped is kept before the next. */
  private void endRun() {
    skippedPerRun.add(skippedThisRun.values().stream().mapToLong(Long::longValue).sum());
    skippedThisRun.clear();
  }

  private void startServer() throws Exception {
    server = ServerProcess.start(ServerProcess.jarCommand(Path.of("target/captiond.jar")), data, TOKEN,
        Path.of("models/silero_vad_v5.onnx"), env, Deadline.in("server start", 90_000));
    api = new ServerApi(server.base(), TOKEN);
    api.awaitHealthy(Deadline.in("server health", 60_000));
  }

  private Fault fault(String name, boolean kill) throws Exception {
    long at = now();
    loads.add(name + " at " + at / 1000 + " s: " + loadAverage());
    ProcessHandle handle = ProcessHandle.of(server.pid()).orElseThrow();
    if (kill) {
      handle.destroyForcibly();
    } else {
      handle.destroy();
    }
    handle.onExit().get(60, TimeUnit.SECONDS);
    publishers.forEach(Process::destroyForcibly);
    publishers.clear();
    endRun();
    startServer();
    connectAll();
    publishAll();
    return new Fault(name, at, now());
  }

  private void connectAll() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String id : ids) {
      Feed feed = feeds.get(id);
      String uri = server.base().replaceFirst("^http", "ws") + "/ws/streams/" + id + "/captions?since=" + feed.lastSeq();
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
    while (now() < until) {
      for (String id : ids) {
        try {
          JsonObject stream = api.stream(id);
          JsonObject stats = stream.getJsonObject("stats", new JsonObject());
          long lag = stats.getLong("lastLagMs", -1L);
          if (lag >= 0) {
            lags.add(new Lag(now(), lag));
          }
          skippedThisRun.put(id, stats.getLong("skippedWindows", 0L));
        } catch (Exception e) {
          // the server is restarting
        }
      }
      Thread.sleep(1_000);
    }
  }

  private void report(List<Fault> faults) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    StringBuilder text = new StringBuilder("# Chaos run: " + streams + " RTMP streams, " + phaseMs / 1000
        + " s between faults\n\nStarted " + java.time.Instant.ofEpochMilli(started) + "; load average at each fault: "
        + String.join("; ", loads) + "; at the end: " + loadAverage() + ".\n\n");
    long lost = 0;
    long duplicated = 0;
    long unseen = 0;
    for (String id : ids) {
      Feed stored = new Feed();
      http.newWebSocketBuilder().buildAsync(URI.create(server.base().replaceFirst("^http", "ws") + "/ws/streams/"
          + id + "/captions?since=0"), stored).get(10, TimeUnit.SECONDS);
      Thread.sleep(1_500);
      Set<Long> storedSeqs = new HashSet<>();
      stored.finals().forEach(f -> storedSeqs.add(f.getLong("seq")));
      Feed live = feeds.get(id);
      lost += live.finals().stream().filter(f -> !storedSeqs.contains(f.getLong("seq"))).count();
      Set<Long> liveSeqs = new HashSet<>();
      for (JsonObject f : live.finals()) {
        if (!liveSeqs.add(f.getLong("seq"))) {
          duplicated++;
        }
      }
      unseen += storedSeqs.stream().filter(seq -> !liveSeqs.contains(seq)).count();
      long previousEnd = Long.MIN_VALUE;
      for (JsonObject f : stored.finals()) {
        if (f.getLong("start") < previousEnd) {
          duplicated++; // overlapping or going back in stream time
        }
        previousEnd = Math.max(previousEnd, f.getLong("end"));
      }
    }
    text.append("Whole run: finals seen live but not stored (lost) **").append(lost)
        .append("**, finals seen twice or overlapping in stream time (duplicated) **").append(duplicated)
        .append("**, stored finals a reconnecting viewer never got **").append(unseen).append("**.\n\n");
    text.append("| fault | outage (s) | longest wait between finals at a viewer (s) | lag p95 before | during (first 20 s"
        + " after restart) | after (ms) |\n| --- | --- | --- | --- | --- | --- |\n");
    long previous = 0;
    for (int i = 0; i < faults.size(); i++) {
      Fault fault = faults.get(i);
      long next = i + 1 < faults.size() ? faults.get(i + 1).atMs() : now();
      text.append("| ").append(fault.name()).append(" | ").append(String.format("%.1f", (fault.backAtMs() - fault.atMs()) / 1e3))
          .append(" | ").append(String.format("%.1f", longestGap(previous, next) / 1e3)).append(" | ")
          .append(p95(previous, fault.atMs())).append(" | ").append(p95(fault.backAtMs(), fault.backAtMs() + DURING_MS))
          .append(" | ").append(p95(fault.backAtMs() + DURING_MS, next)).append(" |\n");
      previous = fault.backAtMs() + DURING_MS;
    }
    text.append("\nWindows skipped (the server's `stats.skippedWindows`, summed over the streams), per server run"
        + " (before the first fault, between the faults, after the last): ").append(skippedPerRun).append(".\n\nLag: the server's own"
        + " `stats.lastLagMs` (announced minus the arrival of the caption's last audio), polled once a second per"
        + " stream. Faults of the ASR work (lost/hung worker, full queue) are not injected: they come with"
        + " the ASR deadlines work (issue 12 items 2-4).\n");
    Files.createDirectories(out);
    Files.writeString(out.resolve("report.md"), text);
    System.out.println(text);
  }

  private long longestGap(long fromMs, long toMs) {
    long longest = 0;
    for (Feed feed : feeds.values()) {
      long last = -1;
      for (long at : feed.finalArrivals()) {
        long t = at - started;
        if (t < fromMs || t > toMs) {
          continue;
        }
        if (last >= 0) {
          longest = Math.max(longest, t - last);
        }
        last = t;
      }
    }
    return longest;
  }

  private String p95(long fromMs, long toMs) {
    List<Long> values = lags.stream().filter(l -> l.atMs() >= fromMs && l.atMs() < toMs).map(Lag::lagMs).sorted().toList();
    return values.isEmpty() ? "n/a" : values.get((int) Math.min(values.size() - 1, Math.ceil(values.size() * 0.95) - 1))
        + " (" + values.size() + " polls)";
  }

  private static String loadAverage() {
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
    if (server != null) {
      server.close();
    }
  }

  /** One viewer across restarts: every event, finals with their arrival. */
  private static final class Feed implements WebSocket.Listener {
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private final StringBuilder frame = new StringBuilder();

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      frame.append(data);
      if (last) {
        JsonObject event = new JsonObject(frame.toString());
        frame.setLength(0);
        events.add(event);
        if ("final".equals(event.getString("type"))) {
          arrivals.add(System.currentTimeMillis());
        }
      }
      return null;
    }

    long lastSeq() {
      return events.stream().mapToLong(e -> e.getLong("seq")).max().orElse(0);
    }

    List<JsonObject> finals() {
      return events.stream().filter(e -> "final".equals(e.getString("type"))).toList();
    }

    List<Long> finalArrivals() {
      return arrivals;
    }
  }
}
