package io.captiond.captions.cea608;

/**
 * A video frame rate as a fraction ({@code 30000/1001} for NTSC), with the frame times and the
 * {@code cc_count} it implies: CEA-708 gives captions 9600 bit/s, i.e. 600 triplets a second
 * (20 a frame at 29.97 or 30, 10 at 59.94), capped by the five bits of cc_count.
 */
public record FrameRate(int numerator, int denominator) {

  public FrameRate {
    if (numerator <= 0 || denominator <= 0 || numerator > 240 * denominator || numerator < denominator) {
      throw new IllegalArgumentException("frame rates are 1..240 per second, was " + numerator + "/" + denominator);
    }
  }

  /** Time of frame {@code index} in milliseconds, rounded down. */
  public long frameTimeMs(long index) {
    return index * 1000L * denominator / numerator;
  }

  /** The first frame at or after {@code ms}. */
  public long frameAtOrAfter(long ms) {
    long scaled = ms * numerator;
    long perFrame = 1000L * denominator;
    return Math.floorDiv(scaled + perFrame - 1, perFrame);
  }

  /** Duration of {@code frames} frames in milliseconds, rounded up. */
  public long durationMs(long frames) {
    return (frames * 1000L * denominator + numerator - 1) / numerator;
  }

  /** Triplets per frame: 600 a second shared out, at least 3 (two 608 fields and one DTVCC). */
  public int ccCount() {
    int count = (int) (600L * denominator / numerator);
    return Math.max(3, Math.min(CcData.MAX_COUNT, count));
  }
}
