package io.captiond.media.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampMapTest {

  private static final long WRAP = 1L << 33;
  private static final long HOUR_MS = 3_600_000;

  @Test
  void mapsStreamTimeToTicksNinetyAMillisecond() {
    TimestampMap map = new TimestampMap(900_000, 0); // the first PTS is 10 s, at stream time 0
    assertEquals(990_000, map.toTicks(1_000));
    assertEquals(990_000, map.toPts(1_000));
    assertEquals(1_000, map.toStreamMs(990_000));
    assertEquals(900_000 + 90 * 123_456L, map.toPts(123_456));
  }

  @Test
  void roundsTicksDownToTheMillisecond() {
    TimestampMap map = new TimestampMap(900_000, 0);
    assertEquals(1_000, map.toStreamMs(990_089));
    assertEquals(999, map.toStreamMs(989_999));
    assertEquals(-1, map.toStreamMs(899_999)); // before the origin: floor, not toward zero
  }

  @Test
  void readsAPtsThatWrappedPastTwoToTheThirtyThreeAsLater() {
    TimestampMap map = new TimestampMap(WRAP - 90_000, 5_000); // one second before the wrap
    assertEquals(0, map.toPts(6_000));
    assertEquals(45_000, map.toPts(6_500));
    assertEquals(WRAP + 45_000, map.toTicks(6_500));
    assertEquals(6_500, map.toStreamMs(45_000));
    assertEquals(4_000, map.toStreamMs(WRAP - 180_000)); // a little before the origin, no wrap
  }

  @Test
  void unwrapsNearAGivenTimeOnStreamsLongerThanHalfTheRange() {
    TimestampMap map = new TimestampMap(0, 0);
    long thirtyHours = 30 * HOUR_MS;
    long pts = map.toPts(thirtyHours);
    assertEquals(30 * HOUR_MS * 90 - WRAP, pts);
    assertEquals(thirtyHours, map.toStreamMs(pts, thirtyHours - 10_000));
    assertTrue(map.toStreamMs(pts) < 4 * HOUR_MS, "near the origin it reads as the first lap");
  }

  @Test
  void unwrapsToTheNearestValue() {
    assertEquals(WRAP + 10, TimestampMap.unwrap(10, WRAP - 10));
    assertEquals(WRAP - 20, TimestampMap.unwrap(WRAP - 20, WRAP + 5));
    assertEquals(100, TimestampMap.unwrap(100, 0));
    assertEquals(-100, TimestampMap.unwrap(WRAP - 100, 0));
  }

  @Test
  void formatsTheHeaderLine() {
    assertEquals("X-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000", new TimestampMap(900_000, 0).segmentHeader(900_000, 0));
    assertEquals("X-TIMESTAMP-MAP=MPEGTS:8589934591,LOCAL:01:02:03.004",
        TimestampMap.header(WRAP - 1, HOUR_MS + 2 * 60_000 + 3_004));
    assertEquals("100:00:00.000", TimestampMap.localTime(100 * HOUR_MS));
  }

  @Test
  void anchorsTheHeaderAtTheSegmentsMillisecondExactly() {
    TimestampMap map = new TimestampMap(0, 0);
    long segmentPts = 90 * (HOUR_MS + 2 * 60_000 + 3_123) + 45;
    assertEquals("X-TIMESTAMP-MAP=MPEGTS:" + (segmentPts - 45) + ",LOCAL:01:02:03.123", map.segmentHeader(segmentPts, 0));
    // Across the wrap: the segment after it is 2 s later in stream time.
    TimestampMap late = new TimestampMap(WRAP - 90_000, 60_000);
    assertEquals("X-TIMESTAMP-MAP=MPEGTS:90000,LOCAL:00:01:02.000", late.segmentHeader(90_000, 60_000));
  }

  @Test
  void roundTripsMillisecondsExactlyAndTicksWithinAMillisecond() {
    Random random = new Random(11);
    for (int i = 0; i < 10_000; i++) {
      TimestampMap map = new TimestampMap(Math.floorMod(random.nextLong(), WRAP), random.nextInt(1_000_000));
      long ms = random.nextInt(1_000_000) + (long) random.nextInt(40) * HOUR_MS;
      assertEquals(ms, map.toStreamMs(map.toPts(ms), ms + random.nextInt(20_000) - 10_000));
      long pts = Math.floorMod(random.nextLong(), WRAP);
      long back = Math.floorMod(pts - map.toPts(map.toStreamMs(pts)), WRAP);
      assertTrue(back < 90, "moved back " + back + " ticks");
    }
  }

  @Test
  void rejectsPtsOutsideThirtyThreeBitsAndNegativeLocalTime() {
    assertThrows(IllegalArgumentException.class, () -> new TimestampMap(WRAP, 0));
    assertThrows(IllegalArgumentException.class, () -> new TimestampMap(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> new TimestampMap(0, 0).toStreamMs(WRAP));
    assertThrows(IllegalArgumentException.class, () -> TimestampMap.header(0, -1));
  }
}
