/**
 * HLS pull ingest, the client's side of RFC 8216 (HTTP Live Streaming) on the playlists and
 * segments of {@link io.captiond.media.hls}: {@link io.captiond.ingest.hls.HlsFetcher} fetches
 * them from allowed hosts only, with size limits, timeouts and retries;
 * {@link io.captiond.ingest.hls.HlsSource} plays the client's part of §6.3 (live edge §6.3.3,
 * reload interval §6.3.4, next segment §6.3.5), decodes each segment with FFmpeg
 * ({@link io.captiond.ingest.hls.SegmentDecoder}: MPEG-TS §3.2, fMP4 §3.3, packed audio §3.4) and
 * keeps stream time on the segments' own timestamps ({@link io.captiond.ingest.hls.StreamClock});
 * {@link io.captiond.ingest.sources.Sources} runs it for a stream session. Limits come from
 * {@link io.captiond.ingest.hls.HlsSettings} (the {@code hls.*} keys).
 */
package io.captiond.ingest.hls;
