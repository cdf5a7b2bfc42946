/**
 * HTTP: the bearer-token control API ({@code /api/streams}), the WebSocket caption feed, WebVTT and
 * SubRip files, the HLS re-publication with its subtitle rendition ({@code /hls}), the player page
 * ({@code /player/{id}}) with the public stream state it shows, {@code /metrics} and {@code /health}.
 */
package io.captiond.api;
