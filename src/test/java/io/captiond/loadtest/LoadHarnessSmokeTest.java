package io.captiond.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.Fixtures;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's smoke configuration, run in CI to keep it working: N=2 streams of 20 s against a
 * server launched from this JVM's class path, RTMP when the server accepts it, else pull. It checks
 * that the figures were produced and are consistent (cue availability included), not how good they are.
 */
class LoadHarnessSmokeTest {

  @TempDir
  Path dir;

  @Test
  void twoStreamsForTwentySecondsProduceAReportWithFigures() throws Exception {
    Path out = dir.resolve("report");
    Options options = Options.parse("--streams", "2", "--seconds", "20", "--viewers", "2", "--source", "auto",
        "--launch", "classpath", "--search", "0", "--drain-s", "20", "--deadline-min", "4", "--out", out.toString(),
        "--work", dir.resolve("work").toString(), "--vad-model", Fixtures.sileroVad().toString());

    int status = Assertions.assertTimeoutPreemptively(Duration.ofMinutes(5), () -> Harness.run(options));

    assertEquals(Harness.OK, status, "the harness exits 0");
    String report = Files.readString(out.resolve("report.md"));
    assertTrue(report.contains("| 2 |"), "a row for N=2 in the report:\n" + report);
    JsonObject results = new JsonObject(Files.readString(out.resolve("results.json")));
    System.out.println("smoke source: " + results.getString("source"));
    JsonObject step = results.getJsonArray("steps").getJsonObject(0);
    assertEquals(2, step.getInteger("streams"));
    assertEquals(2, step.getJsonArray("perStream").size());
    assertTrue(step.getInteger("sentencesCaptioned") > 0, "sentences captioned: " + step.encode());
    assertTrue(step.getJsonObject("confirmedLagMs").getLong("p50") > 0, "a confirmed lag: " + step.encode());
    assertTrue(step.getDouble("werMean") >= 0, "a WER");
    assertTrue(step.getJsonObject("server").getLong("cpuMs") > 0, "the server's CPU time from /proc");
    assertTrue(step.getJsonObject("server").getLong("peakRssKb") > 0, "the server's RSS from /proc");
    assertCueFigures(results.getString("source"), step, report);
    for (String png : new String[] {"lag-over-time.png", "lag-vs-n.png", "cpu-vs-n.png", "memory-vs-n.png"}) {
      assertTrue(Files.size(out.resolve(png)) > 1000, png + " written");
    }
  }

  /** RTMP streams have an HLS output, audio only too, so their cues' availability is measured; pull has none. */
  private static void assertCueFigures(String source, JsonObject step, String report) {
    JsonObject cues = step.getJsonObject("cues");
    assertNotNull(cues, "cue figures in results.json: " + step.encode());
    assertTrue(report.contains("## Cues for HLS players"), "a cue table in the report:\n" + report);
    if (source.equals("pull")) {
      assertFalse(cues.getBoolean("measured"), "no HLS for pull: " + cues.encode());
      assertTrue(report.contains("no HLS (pull source)"), "the report says so");
      return;
    }
    assertTrue(cues.getBoolean("measured"), "cue figures for rtmp: " + cues.encode());
    long early = cues.getLong("early");
    long late = cues.getLong("late");
    assertTrue(early + late > 0, "cues counted: " + cues.encode());
    double onTime = cues.getDouble("onTimeShare");
    assertEquals(early / (double) (early + late), onTime, 1e-3, "on-time share");
    JsonObject lead = cues.getJsonObject("leadMs");
    assertTrue(lead.getDouble("p5") <= lead.getDouble("p50") && lead.getDouble("p50") <= lead.getDouble("p95"),
        "lead quantiles in order: " + lead.encode());
    assertTrue(Math.abs(lead.getDouble("p50")) < 60_000, "a lead within the histograms' range: " + lead.encode());
    long segments = cues.getJsonObject("holdbackReasons").stream().mapToLong(e -> ((Number) e.getValue()).longValue())
        .sum();
    assertTrue(segments > 0, "subtitle segments counted by hold-back reason: " + cues.encode());
    JsonObject delay = cues.getJsonObject("videoDelayMs");
    if (delay.getLong("segments") > 0) {
      assertTrue(delay.getDouble("p50") >= 0 && delay.getDouble("p50") <= delay.getDouble("p95"),
          "video delay quantiles in order: " + delay.encode());
    }
  }
}
