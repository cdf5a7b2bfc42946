package io.captiond.session;

import io.captiond.captions.CaptionEvent;
import io.captiond.media.ArrivalClock;
import io.captiond.media.PcmChunk;

/**
 * A stream's running totals for its status, and what it records into the shared meters: audio
 * received, captions announced, and each caption's lag (announced at, less when its last audio
 * arrived). A stream resumed after a restart goes on from the totals its record kept. Single-threaded: the
 * session's context.
 */
final class StreamCounters {

  /** Arrivals remembered: two minutes of 100 ms chunks. */
  private static final int ARRIVALS_KEPT = 1_200;

  private final SessionMetrics metrics;
  private final StreamStats before;
  private final ArrivalClock arrivals = new ArrivalClock(ARRIVALS_KEPT);
  private long audioMs;
  private long captions;
  private long lastLagMs = -1;

  StreamCounters(SessionMetrics metrics) {
    this(metrics, StreamStats.NONE);
  }

  /** @param before the totals the stream's record kept (a resumed stream), {@link StreamStats#NONE} for a new one */
  StreamCounters(SessionMetrics metrics, StreamStats before) {
    this.metrics = metrics;
    this.before = before;
  }

  void received(PcmChunk chunk) {
    audioMs += chunk.durationMs();
    arrivals.arrived(chunk.startMs() + chunk.durationMs(), System.currentTimeMillis());
  }

  void tentative(CaptionEvent caption) {
    metrics.partials.increment();
    long arrived = arrivals.arrivalOf(caption.endMs());
    if (arrived > 0 && !caption.text().isEmpty()) {
      metrics.tentativeLag.record(Math.max(0, System.currentTimeMillis() - arrived));
    }
  }

  void announced(CaptionEvent caption) {
    captions++;
    metrics.finals.increment();
    long arrived = arrivals.arrivalOf(caption.endMs());
    metrics.confirmedWords.increment(caption.text().split("\\s+").length);
    if (arrived > 0) {
      lastLagMs = Math.max(0, System.currentTimeMillis() - arrived);
      metrics.finalLag.record(lastLagMs);
    }
  }

  long audioMs() {
    return audioMs;
  }

  long captions() {
    return captions;
  }

  StreamStats stats(long speechMs, long skippedWindows) {
    return before.plus(new StreamStats(audioMs, speechMs, captions, lastLagMs, skippedWindows));
  }
}
