package io.captiond.ingest.hls;

import io.captiond.media.Pcm16k;

/**
 * Places each decoded segment in stream time. The rule:
 * <ul>
 *   <li>Stream time is the segments' own presentation time (MPEG-TS PTS, fMP4 decode time), so that
 *       captions line up with the video a player shows; the first segment sets it.</li>
 *   <li>Audio is contiguous: the session counts samples, so each segment normally starts where the
 *       previous one ended, and PTS jitter of up to {@value #JITTER_MS} ms is absorbed.</li>
 *   <li>A forward gap in the timestamps (a segment lost or skipped) of up to {@value #MAX_GAP_MS} ms is
 *       filled with silence, so that stream time keeps following the video.</li>
 *   <li>An EXT-X-DISCONTINUITY, a timestamp that goes back (encoder restart, 33-bit PTS wrap) or jumps
 *       further forward re-anchors: the segment continues from the previous end, and later segments
 *       are shifted by the same offset. Stream time never goes back.</li>
 *   <li>A segment without timestamps (packed audio without its ID3 time) simply continues.</li>
 * </ul>
 * Pure logic: no I/O, time in ms and samples as {@code long}.
 */
final class StreamClock {

  static final long JITTER_MS = 200;
  static final long MAX_GAP_MS = 60_000;

  /** Where a segment goes: {@code silenceSamples} of silence first, then its audio from {@code startMs}. */
  record Placement(long silenceStartMs, int silenceSamples, long startMs) {}

  private final long notBeforeMs;
  private boolean anchored;
  private long baseMs;
  private long emittedSamples;
  private long offsetMs;
  private long reanchors;

  StreamClock() {
    this(0);
  }

  /**
   * @param notBeforeMs where stream time may start at the earliest (a resumed stream's: after its last
   *     caption); a first segment timed before it is re-anchored there
   */
  StreamClock(long notBeforeMs) {
    this.notBeforeMs = Math.max(0, notBeforeMs);
  }

  /** Places a segment of {@code samples} samples whose first PTS is {@code ptsMs} (or {@link SegmentDecoder#NO_PTS}). */
  Placement place(long ptsMs, boolean discontinuity, int samples) {
    long expected = endMs();
    Placement placement;
    if (!anchored) {
      anchored = true;
      baseMs = ptsMs == SegmentDecoder.NO_PTS ? notBeforeMs : Math.max(notBeforeMs, ptsMs);
      offsetMs = ptsMs == SegmentDecoder.NO_PTS ? 0 : baseMs - ptsMs;
      if (ptsMs != SegmentDecoder.NO_PTS && ptsMs < notBeforeMs) {
        reanchors++;
      }
      placement = new Placement(baseMs, 0, baseMs);
    } else if (ptsMs == SegmentDecoder.NO_PTS) {
      placement = new Placement(expected, 0, expected);
    } else {
      long delta = ptsMs + offsetMs - expected;
      if (!discontinuity && Math.abs(delta) <= JITTER_MS) {
        placement = new Placement(expected, 0, expected);
      } else if (!discontinuity && delta > 0 && delta <= MAX_GAP_MS) {
        int silence = (int) (delta * Pcm16k.SAMPLES_PER_MS);
        placement = new Placement(expected, silence, expected + delta);
      } else {
        offsetMs = expected - ptsMs;
        reanchors++;
        placement = new Placement(expected, 0, expected);
      }
    }
    emittedSamples += placement.silenceSamples() + samples;
    return placement;
  }

  /** Stream time just after the last placed sample. */
  long endMs() {
    return baseMs + emittedSamples / Pcm16k.SAMPLES_PER_MS;
  }

  long reanchors() {
    return reanchors;
  }
}
