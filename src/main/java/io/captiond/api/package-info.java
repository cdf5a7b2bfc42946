/**
 * HTTP: the bearer-token control API ({@code /api/streams}, with {@code PATCH} and viewer tokens), the WebSocket
 * caption feed, WebVTT and SubRip files, the HLS re-publication with its subtitle rendition ({@code /hls}), the
 * player page ({@code /player/{id}}) with the stream state it shows, {@code /metrics} and {@code /health}. What
 * a viewer reads passes {@link io.captiond.api.ViewerGate} (the stream's viewer policy); what one stranger can
 * cost is bounded by {@link io.captiond.api.HttpLimits} and the viewer caps, and blocking reads run on the
 * server's own bounded {@link io.captiond.api.BlockingPool}.
 */
package io.captiond.api;
