package io.captiond.loadtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chaos report charges each lost or duplicated final to the fault in whose time it reached the viewer. */
class ChaosReportTest {

  @TempDir
  Path out;

  static JsonObject fin(long seq, long start, long end) {
    return new JsonObject().put("type", "final").put("seq", seq).put("start", start).put("end", end).put("text", "x");
  }

  @Test
  void aFinalLostOrSeenTwiceAfterAFaultCountsForThatFaultAndNotTheFirstPhase() throws Exception {
    long started = 1_000_000;
    ChaosFeed feed = new ChaosFeed();
    feed.arrived(fin(1, 0, 1_000), started + 5_000);
    feed.arrived(fin(2, 1_000, 2_000), started + 8_000);
    feed.arrived(fin(3, 2_000, 3_000), started + 12_000); // after the fault, never stored: lost
    feed.arrived(fin(4, 3_000, 4_000), started + 14_000);
    feed.arrived(fin(4, 3_000, 4_000), started + 15_000); // seen twice
    Map<String, List<JsonObject>> stored = Map.of("s", List.of(fin(1, 0, 1_000), fin(2, 1_000, 2_000),
        fin(4, 3_000, 4_000)));
    ChaosFault.Injected kill = new ChaosFault.Injected(ChaosFault.KILL_WORKER, 10_000, 11_000, 0, "1.0");

    new ChaosReport(1, 10_000, 5_000, started, Map.of("s", feed), List.of(new Chaos.Lag(3_000, 700)), "1.0")
        .write(List.of(kill), List.of(Set.of()), 2, stored, 2_000, 20_000, out);

    String report = Files.readString(out.resolve("report.md"));
    assertTrue(report.contains("(lost) **1**") && report.contains("(duplicated) **1**"), report);
    assertTrue(report.contains("| first phase, no fault | - | - | 3.0 | 0 | 0 | 0 |"), report);
    assertTrue(report.contains("| " + ChaosFault.KILL_WORKER.label() + " | 1.0 | 2.0 | 5.0 | 1 | 1 | 2 | - | 700 (1) |"),
        report);
  }
}
