/**
 * Captions once decided: the {@link io.captiond.captions.CaptionEvent} players receive, the
 * append-only {@link io.captiond.captions.CaptionLog} that keeps each stream's finals, the WebVTT
 * and SubRip renderings of them, the {@link io.captiond.captions.CueLayout} that lays confirmed
 * words out as subtitle cues, and the {@link io.captiond.captions.TimestampMap} that ties stream
 * time to MPEG-TS time for HLS subtitle segments (RFC 8216, section 3.5).
 */
package io.captiond.captions;
