/**
 * Captions once decided: the {@link io.captiond.captions.CaptionEvent} players receive, the
 * append-only {@link io.captiond.captions.CaptionLog} that keeps each stream's finals, the WebVTT
 * and SubRip renderings of them, and the {@link io.captiond.captions.CueLayout} that lays confirmed
 * words out as subtitle cues. Their HLS subtitle rendition is {@link io.captiond.captions.hls}.
 *
 * <p>{@link io.captiond.captions.CaptionOutput} is where a stream's captions go: numbered, finals
 * stored before they are published, laid out as cues and handed to each
 * {@link io.captiond.captions.CueTrack} (the HLS subtitle rendition): the place a new output plugs in.
 * Finals the disk refuses are held and retried by {@link io.captiond.captions.PendingFinals}, whose
 * {@link io.captiond.captions.StoreHealth} tells the stream it is degraded, then healed.
 */
package io.captiond.captions;
