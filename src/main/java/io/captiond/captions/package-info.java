/**
 * Captions once decided: the {@link io.captiond.captions.CaptionEvent} players receive, the
 * append-only {@link io.captiond.captions.CaptionLog} that keeps each stream's finals, the WebVTT
 * and SubRip renderings of them, and the {@link io.captiond.captions.CueLayout} that lays confirmed
 * words out as subtitle cues. Their HLS subtitle rendition is {@link io.captiond.captions.hls}.
 */
package io.captiond.captions;
