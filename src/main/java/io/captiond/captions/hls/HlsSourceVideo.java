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
 */
final class HlsSourceVideo implements VideoSegments {

  private final List<SubtitleSegmenter.VideoSegment> reported = new ArrayList<>();
  private int targetSeconds;

  HlsSourceVideo(int segmentSeconds) {
    this.targetSeconds = segmentSeconds;
  }

  /** A segment of the source, placed in stream time. */
  void add(SourceSegment segment) {
    TimestampMap map = new TimestampMap(segment.audioPts(), segment.audioStartMs());
    long startMs = map.toStreamMs(segment.startPts(), segment.audioStartMs());
    reported.add(new SubtitleSegmenter.VideoSegment(segment.sequence(), startMs, startMs + segment.durationMs(),
        map.segmentHeader(segment.startPts(), startMs), segment.uri().toString(), segment.discontinuitySequence()));
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
