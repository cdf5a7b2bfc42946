package io.captiond.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples, once a second while a step runs: the server's CPU time and RSS from {@code /proc}, each
 * publisher's CPU time, and queue depths from {@code /metrics} (ASR queue per stream, event-bus
 * pending messages, the ASR worker pool's waiting tasks).
 */
final class Sampler implements AutoCloseable {

  /** A point of the server's own series: ms since the step began, CPU ms used, RSS in kB. */
  record Point(long atMs, long cpuMs, long rssKb) {}

  /** What the samples add up to. */
  record Usage(long wallMs, long serverCpuMs, long peakRssKb, long endRssKb, long publisherCpuMs,
      double asrQueueMean, long asrQueueMax, long busPendingMax, long asrPoolPendingMax, List<Point> points,
      MachineLoad.Figures machine) {

    /** Server CPU as percent of one core. */
    double serverCpuPercent() {
      return wallMs <= 0 || serverCpuMs < 0 ? -1 : serverCpuMs * 100.0 / wallMs;
    }

    /** Publishers' CPU as percent of one core; -1 when there were none (pull). */
    double publisherCpuPercent() {
      return wallMs <= 0 || publisherCpuMs < 0 ? -1 : publisherCpuMs * 100.0 / wallMs;
    }
  }

  private static final Pattern QUEUE = Pattern.compile("^captiond_asr_queue_depth\\{stream=\"([^\"]+)\",?} (\\S+)",
      Pattern.MULTILINE);
  private static final Pattern BUS_PENDING = Pattern.compile("^vertx_eventbus_pending\\{side=\"local\",?} (\\S+)",
      Pattern.MULTILINE);
  private static final Pattern POOL_PENDING = Pattern.compile(
      "^vertx_pool_queue_pending\\{pool_name=\"captiond-asr\",pool_type=\"worker\",?} (\\S+)", Pattern.MULTILINE);

  private final ServerApi api;
  private final long serverPid;
  private final Map<Long, Long> publisherCpu = new ConcurrentHashMap<>();
  private final List<Long> publisherPids = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Point> points = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final LongSupplier clock = System::currentTimeMillis;
  private final Thread thread;
  private final long startedMs;
  private final MachineLoad machine = new MachineLoad();
  private volatile boolean running = true;
  private long queueSum;
  private long queueSamples;
  private long queueMax;
  private long busMax;
  private long poolMax;

  Sampler(ServerApi api, long serverPid) {
    this.api = api;
    this.serverPid = serverPid;
    this.startedMs = clock.getAsLong();
    sampleServer();
    this.thread = new Thread(this::loop, "loadtest-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  void watchPublisher(long pid) {
    publisherPids.add(pid);
  }

  private void loop() {
    while (running) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      sampleServer();
      publisherPids.forEach(pid -> {
        ProcStats.Reading reading = ProcStats.read(pid);
        if (reading != null) {
          publisherCpu.put(pid, reading.cpuMs());
        }
      });
      sampleMetrics();
      machine.sample();
    }
  }

  private void sampleServer() {
    ProcStats.Reading reading = serverPid > 0 ? ProcStats.read(serverPid) : null;
    points.add(new Point(clock.getAsLong() - startedMs, reading == null ? -1 : reading.cpuMs(),
        reading == null ? -1 : reading.rssKb()));
  }

  private void sampleMetrics() {
    String text;
    try {
      text = api.metrics();
    } catch (java.io.IOException e) {
      return;
    }
    long total = 0;
    long streams = 0;
    Matcher queue = QUEUE.matcher(text);
    synchronized (this) {
      while (queue.find()) {
        long depth = Math.round(Double.parseDouble(queue.group(2)));
        total += depth;
        streams++;
        queueMax = Math.max(queueMax, depth);
      }
      if (streams > 0) {
        queueSum += total;
        queueSamples += streams;
      }
      busMax = Math.max(busMax, firstValue(BUS_PENDING, text));
      poolMax = Math.max(poolMax, firstValue(POOL_PENDING, text));
    }
  }

  private static long firstValue(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Math.round(Double.parseDouble(m.group(1))) : 0;
  }

  /** Stops sampling and sums up. */
  synchronized Usage finish() {
    close();
    sampleServer();
    List<Point> series = new ArrayList<>(points);
    Point first = series.get(0);
    Point last = series.get(series.size() - 1);
    long peak = series.stream().mapToLong(Point::rssKb).max().orElse(-1);
    long publishers = publisherPids.isEmpty() ? -1
        : publisherCpu.values().stream().mapToLong(Long::longValue).sum();
    return new Usage(last.atMs() - first.atMs(), first.cpuMs() < 0 ? -1 : last.cpuMs() - first.cpuMs(), peak,
        last.rssKb(), publishers, queueSamples == 0 ? 0 : queueSum / (double) queueSamples, queueMax, busMax,
        poolMax, series, machine.finish());
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
