package io.captiond.captions.hls;

import io.vertx.core.Future;
import java.util.List;

/**
 * Where the video segments a {@link SubtitleRendition} cuts its captions on come from: the local
 * remuxer's playlist ({@link RemuxerVideo}) or an HLS source that reports each segment it placed
 * ({@link HlsSourceVideo}). Used on the rendition's context, one call at a time: the rendition
 * asks for the next segments only once the previous answer has completed.
 */
interface VideoSegments {

  /** The segments found since the last call, in order, placed in stream time; may read files on a worker. */
  Future<List<SubtitleSegmenter.VideoSegment>> next();

  /** Whether a poll may find new segments now (a followed playlist always may). */
  boolean mayHaveNew();

  /**
   * When (monotonic ms) the rendition should next look for new segments, with no notice before: at or before
   * {@code nowMs} when there is news, {@link Long#MAX_VALUE} when only a notice ({@link #onNews}, or a call of
   * the rendition's own) can bring any.
   */
  long nextLookMs(long nowMs);

  /** Runs {@code news} (on any thread) when new segments may be there before {@link #nextLookMs} said. */
  void onNews(Runnable news);

  /** Whether the video has ended: no segment follows the last one found. */
  boolean ended();

  /** The subtitle playlist's target duration in whole seconds: never shorter than the video's. */
  int targetSeconds();

  /** The stream stopped: read nothing more. */
  void close();
}
