package io.captiond.loadtest;

import java.util.Locale;

/** The report's table of when cues reached HLS players, per step beside its caption lag, and how it is measured. */
final class CueReport {

  private CueReport() {}

  static String table(Harness.Run run) {
    StringBuilder md = new StringBuilder("## Cues for HLS players per step\n\n");
    md.append("Beside the confirmed-caption lag: when each cue was listed to HLS players, relative to its start for "
        + "a player at the live edge (the lead; negative: late). Lead and video-delay quantiles are interpolated "
        + "inside the server's histogram buckets.\n\n");
    md.append("| N | confirmed lag p50 / p95 (ms) | cues early / late | on time | lead p5 / p50 / p95 (ms) "
        + "| video delay p50 / p95 (ms) | hold-back ended by confirmed / budget / end |\n");
    md.append("|" + " --- |".repeat(7) + "\n");
    for (StepResult s : run.steps()) {
      CueFigures c = s.cues();
      md.append("| ").append(s.streams()).append(" | ").append(ms(s.confirmedP50())).append(" / ")
          .append(ms(s.confirmedP95())).append(" | ");
      if (!c.measured()) {
        md.append(noHls(run)).append(" | - | - | - | - |\n");
        continue;
      }
      md.append(c.early()).append(" / ").append(c.late())
          .append(c.streamsEnded() < s.streams() ? " (" + c.streamsEnded() + " of " + s.streams()
              + " streams ended when read)" : "")
          .append(" | ").append(percent(c.onTimeShare()))
          .append(" | ").append(signed(c.leadP5Ms())).append(" / ").append(signed(c.leadP50Ms())).append(" / ")
          .append(signed(c.leadP95Ms()))
          .append(" | ").append(c.videoDelayed() == 0 ? "not held (live mode)"
              : signed(c.videoDelayP50Ms()) + " / " + signed(c.videoDelayP95Ms()))
          .append(" | ").append(c.holdback("confirmed")).append(" / ").append(c.holdback("budget")).append(" / ")
          .append(c.holdback("end")).append(" |\n");
    }
    return md.append("\n").toString();
  }

  /**
   * Why a step measured no cues: the pull source writes no HLS; an RTMP stream does, audio only or not, unless
   * the server's HLS output or its subtitles are off.
   */
  static String noHls(Harness.Run run) {
    return run.source() == Options.Source.PULL ? "no HLS (pull source)"
        : "no HLS subtitles measured (the server's HLS output or subtitles off?)";
  }

  static final String METHOD = """
      - **Cues for HLS players** (the server's histograms, summed over the step's streams: `/metrics` read
        before the step's streams are created and again once they have all ended after the drain, at most %d s
        later (a stream's last subtitle segment is listed as it ends, after the publisher's reconnect grace);
        the difference is counted): the server lists a cue with its subtitle segment and takes, for a player at
        the live edge, the cue's start as the moment the video segment holding it was listed (in synced mode,
        the same moment) plus the start's offset into it. The difference is the cue's lead: `captiond_cues_available_before_start_milliseconds`
        (**early**, lead >= 0) and `captiond_cues_available_after_start_milliseconds` (**late**, by how much).
        **On time** = early / (early + late). Players sit behind the live edge (hls.js and Shaka about three
        segments), which adds to every lead: early cues are in time for any player. **Lead p5 / p50 / p95**:
        quantiles over early and late cues together (late ones negative), **interpolated linearly inside the
        histogram buckets** (as Prometheus's `histogram_quantile`), so only as fine as the buckets.
        **Video delay**: `captiond_hls_video_delay_milliseconds`, how long synced mode held each video segment
        for its subtitles (none in `live` mode). **Hold-back ended by**: the count of
        `captiond_subtitles_holdback_milliseconds{reason}` per reason: `confirmed` (the captions were settled
        past the segment), `budget` (the hold-back bound ran out), `end` (the stream ended). RTMP publishers
        without `--video` still get an HLS output (audio-only segments), so these are measured for them too;
        the pull source writes no HLS, so it has none of these.
      """.formatted(CueProbe.ENDING_MS / 1000);

  private static String ms(long value) {
    return value == -1 ? "-" : Long.toString(value);
  }

  private static String signed(double value) {
    return Double.isNaN(value) ? "-" : Long.toString(Math.round(value));
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f%%", share * 100);
  }
}
