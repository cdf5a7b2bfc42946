/**
 * Captions once decided: the {@link io.captiond.captions.CaptionEvent} players receive, the
 * append-only {@link io.captiond.captions.CaptionLog} that keeps each stream's finals, and the
 * WebVTT and SubRip renderings of them.
 */
package io.captiond.captions;
