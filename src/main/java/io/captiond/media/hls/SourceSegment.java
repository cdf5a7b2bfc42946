package io.captiond.media.hls;

/**
 * Where one MPEG-TS segment of an HLS source went in stream time, for a subtitle rendition beside
 * the source: its media sequence number and EXTINF duration, the PTS its media starts at (video,
 * else audio; 90 kHz, as carried), and one exact point of its clock: its first audio PTS was placed
 * at stream time {@code audioStartMs}. {@code uri} is where players fetch it (absolute) and
 * {@code discontinuitySequence} its discontinuity sequence number (RFC 8216 §4.3.3.3), for a media
 * playlist that lists the source's segments.
 */
public record SourceSegment(long sequence, long durationMs, long startPts, long audioPts, long audioStartMs,
    java.net.URI uri, long discontinuitySequence) {}
