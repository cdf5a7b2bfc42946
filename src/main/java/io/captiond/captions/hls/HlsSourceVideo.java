package io.captiond.captions.hls;

import io.captiond.media.hls.SourceSegment;
import io.captiond.media.hls.TimestampMap;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * The video segments of an HLS source, as the source reports them: nothing is read from disk. Each
 * {@link SourceSegment} carries one exact point of the source's clock (its first audio PTS placed
 * at a stream time), which maps the segment's start PTS onto stream time. The video ends when the
 * captions do: the source's own playlist is not followed.
 *
 * <p>One map for many segments: the source places each segment's audio where the previous one ended, so
 * each segment's own point drifts from the last by a few milliseconds of rounding. A map kept while the
 * points agree within {@value #SAME_CLOCK_MS} ms (and no discontinuity intervenes) gives every segment the
 * same link between PTS and stream time, so a cue repeated in two segments has one time in players; with a
 * map per segment its copies differ by those milliseconds and Shaka Player shows the text twice.
 */
final class HlsSourceVideo implements VideoSegments {

  static final long SAME_CLOCK_MS = 50;

  private final List<SubtitleSegmenter.VideoSegment> reported = new ArrayList<>();
  private int targetSeconds;
  private TimestampMap clock;
  private long clockDiscontinuity;

  HlsSourceVideo(int segmentSeconds) {
    this.targetSeconds = segmentSeconds;
  }

  /** A segment of the source, placed in stream time. */
  void add(SourceSegment segment) {
    if (clock == null || segment.discontinuitySequence() != clockDiscontinuity
        || Math.abs(clock.toStreamMs(segment.audioPts(), segment.audioStartMs()) - segment.audioStartMs())
        > SAME_CLOCK_MS) {
      clock = new TimestampMap(segment.audioPts(), segment.audioStartMs());
      clockDiscontinuity = segment.discontinuitySequence();
    }
    long startMs = clock.toStreamMs(segment.startPts(), segment.audioStartMs());
    reported.add(new SubtitleSegmenter.VideoSegment(segment.sequence(), startMs, startMs + segment.durationMs(),
        clock.segmentHeader(segment.startPts(), startMs), segment.uri().toString(), segment.discontinuitySequence()));
    targetSeconds = (int) Math.max(targetSeconds, (segment.durationMs() + 999) / 1000);
  }

  @Override
  public Future<List<SubtitleSegmenter.VideoSegment>> next() {
    List<SubtitleSegmenter.VideoSegment> found = List.copyOf(reported);
    reported.clear();
    return Future.succeededFuture(found);
  }

  @Override
  public boolean mayHaveNew() {
    return !reported.isEmpty();
  }

  /** News comes through the rendition ({@code SubtitleRendition#sourceSegment}), which calls {@link #add}. */
  @Override
  public long nextLookMs(long nowMs) {
    return reported.isEmpty() ? Long.MAX_VALUE : nowMs;
  }

  @Override
  public void onNews(Runnable news) {}

  @Override
  public boolean ended() {
    return true;
  }

  @Override
  public int targetSeconds() {
    return targetSeconds;
  }

  @Override
  public void close() {}
}
