package io.captiond.ingest.srt;

import java.util.HashMap;
import java.util.Map;

/**
 * Stream time of an SRT stream's packets, in microseconds: the first connection's MPEG-TS clock
 * moved to start at 0; a connection that follows (the publisher came back within the grace)
 * continues one frame after the last time received, so stream time only grows and the pipes'
 * readers see one continuous stream. A clock that jumps within a connection (forward by more than
 * {@link #MAX_FORWARD_JUMP_US}, back by more than {@link #MAX_BACKWARD_JUMP_US}: an encoder restart,
 * the 33-bit PTS wrap after 26.5 h) is re-anchored the same way, as the RTMP ingest does. Pure,
 * single-threaded (the receiver's thread).
 */
final class StreamTime {

  static final long NONE = Long.MIN_VALUE;
  static final long MAX_FORWARD_JUMP_US = 5_000_000;
  static final long MAX_BACKWARD_JUMP_US = 500_000;
  /** Where a new clock continues after the last time: about one audio frame. */
  static final long RESUME_GAP_US = 21_000;

  private final Map<Integer, Long> lastOfTrack = new HashMap<>();
  private long offset = NONE;
  private long last = NONE;
  private long discontinuities;

  /** A new connection: its clock has nothing to do with the last one's. */
  void newConnection() {
    offset = NONE;
  }

  /**
   * Stream time of a packet of {@code track} whose decoding time is {@code sourceUs} on the
   * connection's clock, or {@link #NONE} when it comes too late for its track (drop it).
   */
  long restamp(int track, long sourceUs) {
    if (offset == NONE) {
      offset = (last == NONE ? 0 : last + RESUME_GAP_US) - sourceUs;
    }
    long time = sourceUs + offset;
    Long previous = lastOfTrack.get(track);
    boolean forward = last != NONE && time - last > MAX_FORWARD_JUMP_US;
    boolean backward = previous != null && previous - time > MAX_BACKWARD_JUMP_US;
    if (forward || backward) {
      long continued = last + RESUME_GAP_US;
      offset += continued - time;
      time = continued;
      discontinuities++;
    }
    if (time < 0 || previous != null && time <= previous) {
      return NONE;
    }
    lastOfTrack.put(track, time);
    last = Math.max(last, time);
    return time;
  }

  /** What {@link #restamp} added to the last packet's clock: add it to its presentation time too. */
  long offsetUs() {
    return offset;
  }

  long discontinuities() {
    return discontinuities;
  }
}
