/**
 * The HLS subtitle rendition (RFC 8216 section 3.5, WebVTT segments), on the format of
 * {@link io.captiond.media.hls}: confirmed cues cut on the video's boundaries with a hold-back
 * until they are settled ({@link io.captiond.captions.hls.SubtitleSegmenter}; when a segment's wait is over,
 * {@link io.captiond.captions.hls.HoldBackBudget}; the hold-back stretches to the measured lag of the settled
 * captions, {@link io.captiond.captions.hls.ConfirmationLag}; each waiting segment
 * a {@link io.captiond.captions.hls.WaitingSegment}; in synced mode listed at the stream's steady video delay,
 * {@link io.captiond.captions.hls.SteadyVideoDelay}), the playlist and
 * segment files ({@link io.captiond.captions.hls.SubtitlePlaylistWriter}), the subtitle group of
 * the master playlist ({@link io.captiond.captions.hls.SubtitleGroup}), and the per-stream driver
 * ({@link io.captiond.captions.hls.SubtitleRendition}). Where the video segments come from is a
 * {@link io.captiond.captions.hls.VideoSegments}: the local remuxer's playlist, followed
 * ({@link io.captiond.captions.hls.RemuxerVideo}), or the segments an HLS source reports
 * ({@link io.captiond.captions.hls.HlsSourceVideo}). Segments a failed write left are kept by
 * {@link io.captiond.captions.hls.UnwrittenSegments} and written again. After a restart the rendition goes on
 * after the window it had published ({@link io.captiond.captions.hls.PublishedWindow}). The rendition steps only
 * on news or when something falls due, on one timer ({@link io.captiond.captions.hls.StepTimer}); the cues a
 * segment may still take are {@link io.captiond.captions.hls.SegmentCues}.
 */
package io.captiond.captions.hls;
