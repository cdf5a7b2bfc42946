package io.captiond.ingest.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Flite;
import io.captiond.testing.Publisher;
import io.captiond.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twenty ffmpeg publishers at once for about 30 s each, audio only (AAC), on the CI's two cores
 * beside pocketsphinx: every stream is captioned, no packet is dropped, every stream ends cleanly.
 * The speech is two short sentences with long silences, so that the VAD gates most of the audio
 * and the recognizer is not the bottleneck: what is measured is ingest, decode, VAD and the
 * session machinery under concurrency.
 */
class RtmpConcurrentPublishersTest {

  private static final int PUBLISHERS = 20;

  @TempDir
  Path data;

  private double ingestCpuPercentPerStream;

  /** CPU time of the threads that carry RTMP media: Netty's loops, the FLV decoders, the HLS remuxers. */
  private static long ingestThreadsCpuNanos() {
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName();
      if (name.startsWith("rtmp-") || name.startsWith("multiThreadIoEventLoopGroup")) {
        total += Math.max(0, threads.getThreadCpuTime(thread.getId()));
      }
    }
    return total;
  }

  private static double metricSum(String metrics, String name) {
    return metrics.lines().filter(l -> l.startsWith(name))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  @Test
  void twentyConcurrentPublishersAreAllCaptionedWithoutDrops() throws Exception {
    Path wav = Flite.speak(List.of("The weather is nice today.", "Please open the door for me."),
        13_000, data.resolve("sparse.wav"));
    try (TestServer server = TestServer.start(TestServer.config(data.resolve("server"),
        Map.of("rtmp.reconnect_grace_ms", 1000, "rtmp.max_connections_per_ip", 64)))) {
      ApiClient api = server.api();
      List<String> ids = new ArrayList<>();
      List<ApiClient.CaptionListener> viewers = new ArrayList<>();
      List<Publisher> publishers = new ArrayList<>();
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpuBefore = os.getProcessCpuTime();
      long began = System.nanoTime();
      try {
        for (int i = 0; i < PUBLISHERS; i++) {
          JsonObject created = api.createRtmp("load " + i);
          ids.add(created.getString("id"));
          viewers.add(api.listen(created.getString("id"), 0));
          publishers.add(Publisher.start(wav, 0, 0, false, created.getString("publish")));
          Thread.sleep(250);
        }
        for (String id : ids) {
          api.awaitState(id, "live", Duration.ofSeconds(20));
        }
        long ingestCpuStart = ingestThreadsCpuNanos();
        long sampleStart = System.nanoTime();
        Thread.sleep(15_000);
        ingestCpuPercentPerStream = 100.0 * (ingestThreadsCpuNanos() - ingestCpuStart)
            / (System.nanoTime() - sampleStart) / PUBLISHERS;
        // Per-stream meters go when the streams end: read them while all are live.
        String metrics = api.get("/metrics").body();
        List<String> drops = metrics.lines()
            .filter(l -> l.startsWith("captiond_rtmp_dropped_total") && !l.endsWith(" 0.0")).toList();
        assertTrue(drops.isEmpty(), "dropped packets: " + drops);
        long audioFrameSeries = metrics.lines()
            .filter(l -> l.startsWith("captiond_rtmp_frames_total{") && l.contains("track=\"audio\"")
                && !l.endsWith(" 0.0")).count();
        assertEquals(PUBLISHERS, audioFrameSeries, "every stream counts its audio frames");
        for (Publisher publisher : publishers) {
          assertEquals(0, publisher.await(60), publisher::log);
        }
      } finally {
        for (Publisher publisher : publishers) {
          publisher.close();
        }
      }
      double vadSeconds = metricSum(api.get("/metrics").body(), "captiond_vad_seconds_sum");
      double audioSecondsPerStream = 0;
      int finals = 0;
      for (int i = 0; i < PUBLISHERS; i++) {
        JsonObject ended = api.awaitState(ids.get(i), "ended", Duration.ofSeconds(90));
        assertEquals("publisher left", ended.getString("reason"));
        JsonObject stats = ended.getJsonObject("stats");
        assertTrue(stats.getLong("captions") >= 1, "stream " + i + " captioned: " + ended.encode());
        assertEquals(0, stats.getLong("skippedWindows"), ended.encode());
        audioSecondsPerStream = stats.getDouble("audioSeconds");
        assertTrue(audioSecondsPerStream > 27, "all of stream " + i + "'s audio arrived: " + ended.encode());
        List<JsonObject> received = viewers.get(i).awaitFinals(
            (int) stats.getLong("captions").longValue(), Duration.ofSeconds(5));
        assertEquals(stats.getLong("captions"), received.size(), "every final reached the viewer");
        finals += received.size();
        viewers.get(i).close();
      }
      double wallSeconds = (System.nanoTime() - began) / 1e9;
      double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
      System.out.printf("%d RTMP publishers x %.1f s: %d finals; server process CPU %.1f s in %.1f s wall"
              + " (%.1f%% of one core per publisher, pocketsphinx included; VAD %.1f s of it);"
              + " RTMP event loops + FLV decoders + HLS remuxers while all were live: %.2f%% of one core"
              + " per publisher%n",
          PUBLISHERS, audioSecondsPerStream, finals, cpuSeconds, wallSeconds,
          100 * cpuSeconds / wallSeconds / PUBLISHERS, vadSeconds, ingestCpuPercentPerStream);
      assertEquals("up", api.get("/health").json().getString("status"));
    }
  }
}
