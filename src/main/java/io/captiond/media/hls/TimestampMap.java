package io.captiond.media.hls;

/**
 * The link between stream time and the MPEG-TS clock, for the {@code X-TIMESTAMP-MAP} header of
 * WebVTT segments in HLS (RFC 8216, section 3.5): {@code X-TIMESTAMP-MAP=MPEGTS:<pts>,LOCAL:<time>}
 * says that cue time LOCAL is shown at presentation timestamp MPEGTS of the media.
 *
 * <p>A PTS counts 90 kHz ticks in 33 bits and wraps to 0 after 2^33 ticks (about 26.5 hours). The
 * map is anchored at one point, {@code originPts} (as carried, wrapped) at stream time
 * {@code originMs}; stream time and unwrapped ticks then move together, 90 ticks a millisecond.
 * A carried PTS is unwrapped to the value nearest a reference time (within half the 33-bit range,
 * about 13.25 hours either way), so a PTS that has wrapped past 2^33 reads as later, not earlier.
 * Give a recent stream time as the reference on streams longer than that.
 *
 * <p>Rounding: milliseconds to ticks is exact. Ticks to milliseconds rounds down (toward negative
 * infinity), so {@code ms -> pts -> ms} is exact and {@code pts -> ms -> pts} moves back by less
 * than 90 ticks. Pure and immutable.
 */
public final class TimestampMap {

  public static final long TICKS_PER_MS = 90;
  /** PTS values are taken modulo 2^33. */
  public static final long PTS_MODULUS = 1L << 33;

  private final long originPts;
  private final long originMs;

  /**
   * @param originPts a PTS as carried in the stream, 0 <= pts < 2^33
   * @param originMs the stream time, in milliseconds, at which that PTS is presented
   */
  public TimestampMap(long originPts, long originMs) {
    this.originPts = checkPts(originPts);
    this.originMs = originMs;
  }

  /** The unwrapped 90 kHz time of {@code streamMs}, on the timeline where the origin is {@code originPts}. */
  public long toTicks(long streamMs) {
    return originPts + (streamMs - originMs) * TICKS_PER_MS;
  }

  /** The PTS, as carried (wrapped to 33 bits), presented at {@code streamMs}. */
  public long toPts(long streamMs) {
    return Math.floorMod(toTicks(streamMs), PTS_MODULUS);
  }

  /** The stream time of a carried PTS, unwrapped near the origin: for streams shorter than about 13 hours. */
  public long toStreamMs(long pts) {
    return toStreamMs(pts, originMs);
  }

  /** The stream time of a carried PTS, unwrapped to the value nearest {@code nearMs}; rounded down to the millisecond. */
  public long toStreamMs(long pts, long nearMs) {
    long ticks = unwrap(checkPts(pts), toTicks(nearMs));
    return originMs + Math.floorDiv(ticks - originPts, TICKS_PER_MS);
  }

  /**
   * The header line for a WebVTT segment whose media starts at PTS {@code segmentPts}: LOCAL is
   * that PTS's stream time rounded down to the millisecond, and MPEGTS the PTS of exactly that
   * millisecond (at most 89 ticks before {@code segmentPts}), so the pair is exact.
   *
   * @param nearMs a stream time near the segment, to unwrap its PTS by
   */
  public String segmentHeader(long segmentPts, long nearMs) {
    long localMs = toStreamMs(segmentPts, nearMs);
    return header(toPts(localMs), localMs);
  }

  /** {@code X-TIMESTAMP-MAP=MPEGTS:<mpegts>,LOCAL:<hh:mm:ss.mmm>}. */
  public static String header(long mpegts, long localMs) {
    return "X-TIMESTAMP-MAP=MPEGTS:" + checkPts(mpegts) + ",LOCAL:" + localTime(localMs);
  }

  /** {@code hh:mm:ss.mmm}, the WebVTT timestamp form; hours grow past two digits as WebVTT allows. */
  public static String localTime(long ms) {
    if (ms < 0) {
      throw new IllegalArgumentException("a WebVTT time cannot be negative, was " + ms + " ms");
    }
    return String.format("%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
  }

  /** The unwrapped value of {@code pts} nearest {@code referenceTicks} (ties go later). */
  public static long unwrap(long pts, long referenceTicks) {
    long ahead = Math.floorMod(pts - referenceTicks, PTS_MODULUS);
    return ahead >= PTS_MODULUS / 2 ? referenceTicks + ahead - PTS_MODULUS : referenceTicks + ahead;
  }

  private static long checkPts(long pts) {
    if (pts < 0 || pts >= PTS_MODULUS) {
      throw new IllegalArgumentException("a PTS is 0..2^33-1, was " + pts);
    }
    return pts;
  }
}
