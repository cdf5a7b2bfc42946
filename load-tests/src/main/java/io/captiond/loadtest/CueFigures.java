package io.captiond.loadtest;

import java.util.Map;
import java.util.TreeMap;

/**
 * When a step's cues reached HLS players, from the server's own histograms (summed over its streams; what
 * a step's scrape at its end shows minus the scrape at its start). The server measures each cue's
 * <em>lead</em>: the time its subtitle segment was listed, before (positive) or after (negative) a player at
 * the live edge reaches the cue's start ({@code captiond_cues_available_before_start_milliseconds} and
 * {@code ..._after_start_...}). Real players sit behind the live edge, which adds to every lead, so
 * {@code early} counts cues in time for any player and {@code late} those a player near the edge misses.
 * Also the delay synced HLS adds to the video ({@code captiond_hls_video_delay_milliseconds}) and why each
 * subtitle segment stopped waiting ({@code captiond_subtitles_holdback_milliseconds{reason}}).
 * Quantiles are interpolated inside the histograms' buckets; NaN where nothing was measured.
 *
 * @param early cues listed at or before their start
 * @param late cues listed after their start
 * @param leadP5Ms lead quantiles over early and late cues together (late ones negative)
 * @param videoDelayed video segments held for their subtitles (synced mode only)
 * @param holdbackReasons subtitle segments published, by why they stopped waiting (confirmed, budget, end)
 * @param streamsEnded streams that had ended when the figures were read (a stream's last segment is listed as it
 *     ends)
 */
record CueFigures(long early, long late, double leadP5Ms, double leadP50Ms, double leadP95Ms, long videoDelayed,
    double videoDelayP50Ms, double videoDelayP95Ms, Map<String, Long> holdbackReasons, int streamsEnded) {

  static final String EARLY = "captiond_cues_available_before_start_milliseconds";
  static final String LATE = "captiond_cues_available_after_start_milliseconds";
  static final String VIDEO_DELAY = "captiond_hls_video_delay_milliseconds";
  static final String HOLDBACK = "captiond_subtitles_holdback_milliseconds";

  /** Nothing measured (no scrape, or ingest only). */
  static final CueFigures NONE = of("", "");

  /** From two scrapes of {@code /metrics}: at the step's start and at its end. */
  static CueFigures of(String before, String after) {
    PromHistogram early = PromHistogram.parse(after, EARLY).minus(PromHistogram.parse(before, EARLY));
    PromHistogram late = PromHistogram.parse(after, LATE).minus(PromHistogram.parse(before, LATE));
    PromHistogram video = PromHistogram.parse(after, VIDEO_DELAY).minus(PromHistogram.parse(before, VIDEO_DELAY));
    Map<String, Double> then = PromHistogram.byLabel(before, HOLDBACK + "_count", "reason");
    Map<String, Long> reasons = new TreeMap<>();
    PromHistogram.byLabel(after, HOLDBACK + "_count", "reason").forEach((reason, count) ->
        reasons.put(reason, Math.round(count - then.getOrDefault(reason, 0.0))));
    return new CueFigures(Math.round(early.count()), Math.round(late.count()), lead(early, late, 0.05),
        lead(early, late, 0.50), lead(early, late, 0.95), Math.round(video.count()), video.quantile(0.50),
        video.quantile(0.95), Map.copyOf(reasons), 0);
  }

  /** The same, read when {@code ended} streams had ended. */
  CueFigures withStreamsEnded(int ended) {
    return new CueFigures(early, late, leadP5Ms, leadP50Ms, leadP95Ms, videoDelayed, videoDelayP50Ms, videoDelayP95Ms,
        holdbackReasons, ended);
  }

  /**
   * The q-quantile of the leads, early ones positive and late ones negative: the lowest ranks are the latest
   * cues, read from the late histogram from its top down.
   */
  static double lead(PromHistogram early, PromHistogram late, double q) {
    double lateCount = late.count();
    double rank = q * (early.count() + lateCount);
    if (early.count() + lateCount <= 0) {
      return Double.NaN;
    }
    if (rank <= lateCount && lateCount > 0) {
      return -late.valueAtRank(lateCount - rank);
    }
    return early.valueAtRank(rank - lateCount);
  }

  /** Cues measured. */
  long cues() {
    return early + late;
  }

  /** Whether the step had an HLS subtitle rendition to measure: some cue or subtitle segment was counted. */
  boolean measured() {
    return cues() > 0 || holdbackReasons.values().stream().anyMatch(n -> n > 0);
  }

  /** The share of cues listed at or before their start (0..1); NaN without cues. */
  double onTimeShare() {
    return cues() == 0 ? Double.NaN : early / (double) cues();
  }

  /** Subtitle segments that stopped waiting for this reason. */
  long holdback(String reason) {
    return holdbackReasons.getOrDefault(reason, 0L);
  }
}
