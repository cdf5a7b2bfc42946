package io.captiond.captions.hls;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Subtitle segments published but not yet on disk since a write failed (a full disk), and whether the
 * playlist's end is still to be written. They are written again with the next segments, or on their own
 * once the back-off (doubling from {@link #FIRST_RETRY_MS} to {@link #LAST_RETRY_MS}) has passed; those
 * that left the window meanwhile are no longer needed. Plain data, used on the rendition's context.
 */
final class UnwrittenSegments {

  static final long FIRST_RETRY_MS = 250;
  static final long LAST_RETRY_MS = 4_000;

  private Map<Long, SubtitleSegmenter.Segment> segments = new LinkedHashMap<>();
  private boolean ended;
  private boolean failed;
  private long retryDelayMs = FIRST_RETRY_MS;
  private long retryAtMs;

  boolean isEmpty() {
    return !failed;
  }

  /** Whether the playlist's end failed to be written. */
  boolean ended() {
    return ended;
  }

  /** When the back-off of the last failed write is over (meaningful only after a failure). */
  long retryAtMs() {
    return retryAtMs;
  }

  /** The segments to write now: those still unwritten and in {@code window}, then {@code added} (newer wins). */
  List<SubtitleSegmenter.Segment> with(List<SubtitleSegmenter.Segment> added, List<SubtitleSegmenter.Segment> window) {
    long firstInWindow = window.isEmpty() ? Long.MIN_VALUE : window.get(0).sequence();
    Map<Long, SubtitleSegmenter.Segment> all = new LinkedHashMap<>();
    segments.values().stream().filter(s -> s.sequence() >= firstInWindow).forEach(s -> all.put(s.sequence(), s));
    added.forEach(s -> all.put(s.sequence(), s));
    return List.copyOf(all.values());
  }

  void failed(List<SubtitleSegmenter.Segment> attempted, boolean endAttempted, long nowMs) {
    segments = new LinkedHashMap<>();
    attempted.forEach(s -> segments.put(s.sequence(), s));
    ended = endAttempted;
    failed = true;
    retryAtMs = nowMs + retryDelayMs;
    retryDelayMs = Math.min(LAST_RETRY_MS, retryDelayMs * 2);
  }

  void written() {
    segments = new LinkedHashMap<>();
    ended = false;
    failed = false;
    retryDelayMs = FIRST_RETRY_MS;
  }
}
