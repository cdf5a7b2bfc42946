package io.captiond.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the server's cue histograms become a step's cue figures, on made-up scrapes with known buckets. */
class CueFiguresTest {

  private static final String BEFORE = """
      # TYPE captiond_cues_available_before_start_milliseconds histogram
      captiond_cues_available_before_start_milliseconds_bucket{le="100.0"} 1
      captiond_cues_available_before_start_milliseconds_bucket{le="200.0"} 1
      captiond_cues_available_before_start_milliseconds_bucket{le="+Inf"} 1
      captiond_subtitles_holdback_milliseconds_count{reason="budget"} 2
      """;

  private static final String AFTER = """
      # TYPE captiond_cues_available_before_start_milliseconds histogram
      captiond_cues_available_before_start_milliseconds_bucket{le="100.0"} 1
      captiond_cues_available_before_start_milliseconds_bucket{le="200.0"} 4
      captiond_cues_available_before_start_milliseconds_bucket{le="+Inf"} 4
      captiond_cues_available_after_start_milliseconds_bucket{le="100.0",} 0.0
      captiond_cues_available_after_start_milliseconds_bucket{le="200.0",} 1.0
      captiond_cues_available_after_start_milliseconds_bucket{le="+Inf",} 1.0
      captiond_hls_video_delay_milliseconds_bucket{le="1000.0"} 2
      captiond_hls_video_delay_milliseconds_bucket{le="3000.0"} 4
      captiond_hls_video_delay_milliseconds_bucket{le="+Inf"} 4
      captiond_subtitles_holdback_milliseconds_count{reason="budget"} 3
      captiond_subtitles_holdback_milliseconds_count{reason="confirmed"} 5
      captiond_subtitles_holdback_milliseconds_count{reason="end"} 1
      """;

  @Test
  void aStepCountsOnlyWhatTheServerMeasuredSinceItsFirstScrape() {
    CueFigures cues = CueFigures.of(BEFORE, AFTER);

    assertEquals(3, cues.early());
    assertEquals(1, cues.late());
    assertEquals(0.75, cues.onTimeShare(), 1e-9);
    assertEquals(Map.of("budget", 1L, "confirmed", 5L, "end", 1L), cues.holdbackReasons());
    assertTrue(cues.measured());
  }

  @Test
  void leadQuantilesPutLateCuesBelowZeroAndInterpolateInsideBuckets() {
    CueFigures cues = CueFigures.of(BEFORE, AFTER);

    // 4 leads: one late in (100, 200], three early in (100, 200]
    assertEquals(-180, cues.leadP5Ms(), 1e-6); // rank 0.2 of 4: 0.8 of the late one from its top
    assertEquals(133.33, cues.leadP50Ms(), 0.01); // rank 2: the first of three early in (100, 200]
    assertEquals(193.33, cues.leadP95Ms(), 0.01);
    assertEquals(1000, cues.videoDelayP50Ms(), 1e-6);
    assertEquals(2800, cues.videoDelayP95Ms(), 1e-6);
    assertEquals(4, cues.videoDelayed());
  }

  @Test
  void aServerWithoutHlsSubtitlesHasNoCueFigures() {
    CueFigures cues = CueFigures.of("", "captiond_asr_queue_depth{stream=\"a\"} 0\n");

    assertFalse(cues.measured());
    assertEquals(0, cues.cues());
    assertTrue(Double.isNaN(cues.onTimeShare()));
    assertTrue(Double.isNaN(cues.leadP50Ms()));
    assertTrue(Double.isNaN(cues.videoDelayP95Ms()));
    assertTrue(ResultsJson.cues(cues).getJsonObject("leadMs").getValue("p50") == null, "null in results.json");
  }

  @Test
  void aQuantileInTheInfiniteBucketIsTheLargestFiniteBound() {
    PromHistogram h = PromHistogram.parse("x_bucket{le=\"10\"} 1\nx_bucket{le=\"+Inf\"} 3\n", "x");

    assertEquals(3, h.count(), 1e-9);
    assertEquals(5, h.quantile(1 / 6.0), 1e-9);
    assertEquals(10, h.quantile(0.9), 1e-9);
  }

  @Test
  void theServersOwnPrometheusOutputIsRead() {
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    DistributionSummary early = DistributionSummary.builder("captiond.cues.available.before.start")
        .baseUnit("milliseconds").publishPercentileHistogram().maximumExpectedValue(60_000.0).register(meters);
    DistributionSummary late = DistributionSummary.builder("captiond.cues.available.after.start")
        .baseUnit("milliseconds").publishPercentileHistogram().maximumExpectedValue(60_000.0).register(meters);
    for (int i = 0; i < 19; i++) {
      early.record(1000 + i * 100);
    }
    late.record(500);
    DistributionSummary.builder("captiond.subtitles.holdback").baseUnit("milliseconds").tag("reason", "confirmed")
        .publishPercentileHistogram().maximumExpectedValue(60_000.0).register(meters).record(300);

    CueFigures cues = CueFigures.of("", meters.scrape());

    assertEquals(19, cues.early());
    assertEquals(1, cues.late());
    assertEquals(0.95, cues.onTimeShare(), 1e-9);
    assertTrue(cues.leadP5Ms() < 0 && cues.leadP5Ms() >= -600, "p5 is the late cue: " + cues.leadP5Ms());
    assertTrue(cues.leadP50Ms() > 1000 && cues.leadP50Ms() < 3000, "p50 among the early: " + cues.leadP50Ms());
    assertTrue(cues.leadP95Ms() >= cues.leadP50Ms() && cues.leadP95Ms() < 3500, "p95: " + cues.leadP95Ms());
    assertEquals(Map.of("confirmed", 1L), cues.holdbackReasons());
  }
}
