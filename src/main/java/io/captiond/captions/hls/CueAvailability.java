package io.captiond.captions.hls;

import io.captiond.captions.CueLayout;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How early each cue reaches players, measured where the server can: a cue is available once its subtitle
 * segment is listed; a player at the live edge reaches the cue's start when the video segment holding that
 * start is listed, plus the start's offset into it. The difference is the cue's lead (negative: it came after
 * its words were on screen at the live edge). Players sit behind the live edge (hls.js and Shaka about three
 * segments), which adds to every lead; so {@code early} counts cues in time for any player, and {@code late}
 * the ones a player near the live edge misses. Also records the delay synced mode adds to the video.
 * One per stream, on the rendition's context.
 */
final class CueAvailability {

  private record Listed(long startMs, long endMs, long listedAtMs) {}

  private final DistributionSummary early;
  private final DistributionSummary late;
  private final DistributionSummary videoDelay;
  private final Deque<Listed> videos = new ArrayDeque<>();
  private final int remembered;
  private long lastCueStart = Long.MIN_VALUE;

  CueAvailability(MeterRegistry meters, int rememberedSegments) {
    this.remembered = Math.max(2, rememberedSegments);
    this.early = summary(meters, "captiond.cues.available.before.start",
        "How long before its start (for a player at the live edge) a cue was listed to players");
    this.late = summary(meters, "captiond.cues.available.after.start",
        "How long after its start (for a player at the live edge) a late cue was listed to players");
    this.videoDelay = summary(meters, "captiond.hls.video.delay",
        "How long a video segment was held for its subtitles before players saw it (synced mode)");
  }

  /**
   * A subtitle segment was listed at {@code cuesListedAtMs}; its video segment at {@code videoListedAtMs}
   * (the same moment in synced mode), after holding it {@code videoHeldMs}. Times are monotonic ms.
   */
  void published(SubtitleSegmenter.Segment segment, long videoListedAtMs, long cuesListedAtMs, long videoHeldMs) {
    SubtitleSegmenter.VideoSegment video = segment.video();
    videos.add(new Listed(video.startMs(), video.endMs(), videoListedAtMs));
    while (videos.size() > remembered) {
      videos.poll();
    }
    if (videoHeldMs > 0) {
      videoDelay.record(videoHeldMs);
    }
    for (CueLayout.Cue cue : segment.cues()) {
      if (cue.startMs() <= lastCueStart) {
        continue; // repeated in a later segment, or measured already
      }
      lastCueStart = cue.startMs();
      Listed holder = holding(cue.startMs());
      if (holder != null) {
        long lead = holder.listedAtMs() + (cue.startMs() - holder.startMs()) - cuesListedAtMs;
        (lead >= 0 ? early : late).record(Math.abs(lead));
      }
    }
  }

  private Listed holding(long startMs) {
    for (Listed listed : videos) {
      if (startMs >= listed.startMs() && startMs < listed.endMs()) {
        return listed;
      }
    }
    return null;
  }

  private static DistributionSummary summary(MeterRegistry meters, String name, String description) {
    return DistributionSummary.builder(name).baseUnit("milliseconds").description(description)
        .publishPercentileHistogram().maximumExpectedValue(60_000.0).register(meters);
  }
}
