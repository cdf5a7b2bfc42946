/**
 * HTTP: the bearer-token control API ({@code /api/streams}), the WebSocket caption feed, WebVTT and
 * SubRip files, {@code /metrics} and {@code /health}.
 */
package io.captiond.api;
