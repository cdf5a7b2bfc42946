package io.captiond.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.captiond.captions.CaptionEvent;
import io.captiond.media.PcmChunk;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A stream's totals go on from what its record kept across a restart, not from 0. */
class StreamCountersTest {

  @Test
  void aResumedStreamsTotalsGoOnFromThoseItsRecordKept() {
    StreamStats kept = new StreamStats(60_000, 40_000, 12, 900, 3);
    StreamCounters counters = new StreamCounters(new SessionMetrics(new SimpleMeterRegistry()),
        StreamStats.fromJson(kept.toJson()));
    assertEquals(kept, counters.stats(0, 0), "before anything new, what was kept");

    counters.received(new PcmChunk("s", 61_000, new short[16_000])); // one second at 16 kHz
    counters.announced(new CaptionEvent("s", 40, CaptionEvent.Type.FINAL, "and so on", 61_000, 61_900));
    StreamStats now = counters.stats(700, 2);
    assertEquals(new StreamStats(61_000, 40_700, 13, now.lastLagMs(), 5), now);
    assertEquals(now, StreamStats.fromJson(new JsonObject(now.toJson().encode())), "kept again as reported");
  }

  @Test
  void theNewestLagIsReportedAndTheKeptOneUntilThen() {
    StreamStats kept = new StreamStats(1_000, 500, 1, 800, 0);
    assertEquals(800, kept.plus(new StreamStats(0, 0, 0, -1, 0)).lastLagMs());
    assertEquals(250, kept.plus(new StreamStats(0, 0, 0, 250, 0)).lastLagMs());
    assertEquals(StreamStats.NONE, StreamStats.NONE.plus(StreamStats.NONE));
  }

  @Test
  void aStreamsTotalsAreWrittenAtMostEveryCheckpointIntervalBetweenStateChanges() {
    StatsCheckpoints checkpoints = new StatsCheckpoints();
    assertEquals(true, checkpoints.due("a", 0));
    assertEquals(false, checkpoints.due("a", StatsCheckpoints.INTERVAL_MS - 1));
    assertEquals(true, checkpoints.due("a", StatsCheckpoints.INTERVAL_MS));
    checkpoints.written("a", 50_000);
    assertEquals(false, checkpoints.due("a", 50_000 + StatsCheckpoints.INTERVAL_MS - 1), "a state change wrote it");
    assertEquals(true, checkpoints.due("b", 50_000), "per stream");
    checkpoints.forget("a");
    assertEquals(true, checkpoints.due("a", 50_001));
  }
}
