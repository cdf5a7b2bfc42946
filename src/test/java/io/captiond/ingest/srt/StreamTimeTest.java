package io.captiond.ingest.srt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StreamTimeTest {

  private final StreamTime time = new StreamTime();

  @Test
  void theFirstConnectionsClockIsMovedToStartAtZero() {
    assertEquals(0, time.restamp(0, 1_400_000));
    assertEquals(23_000, time.restamp(1, 1_423_000));
    assertEquals(-1_400_000, time.offsetUs());
  }

  @Test
  void aConnectionThatFollowsContinuesOneFrameAfterTheLastTime() {
    time.restamp(0, 1_000_000);
    time.restamp(0, 3_000_000);
    time.newConnection();
    assertEquals(2_000_000 + StreamTime.RESUME_GAP_US, time.restamp(0, 1_400_000));
    assertEquals(2_000_000 + StreamTime.RESUME_GAP_US + 40_000, time.restamp(0, 1_440_000));
  }

  @Test
  void aPacketNotAfterTheLastOfItsTrackIsDropped() {
    time.restamp(0, 1_000_000);
    time.restamp(0, 1_040_000);
    assertEquals(StreamTime.NONE, time.restamp(0, 1_040_000));
    assertEquals(StreamTime.NONE, time.restamp(0, 1_020_000));
  }

  @Test
  void anotherTracksEarlierPacketBeforeStreamStartIsDropped() {
    time.restamp(0, 1_000_000);
    assertEquals(StreamTime.NONE, time.restamp(1, 990_000));
    assertEquals(5_000, time.restamp(1, 1_005_000));
  }

  @Test
  void aClockThatJumpsForwardIsReanchoredAsADiscontinuity() {
    time.restamp(0, 0);
    time.restamp(0, 40_000);
    long after = time.restamp(0, 40_000 + 3_600_000_000L);
    assertEquals(40_000 + StreamTime.RESUME_GAP_US, after);
    assertEquals(1, time.discontinuities());
    assertEquals(after + 40_000, time.restamp(0, 40_000 + 3_600_040_000L));
  }

  @Test
  void aClockThatRestartsWithinAConnectionIsReanchored() {
    time.restamp(0, 10_000_000);
    time.restamp(0, 12_000_000);
    assertEquals(2_000_000 + StreamTime.RESUME_GAP_US, time.restamp(0, 100_000));
    assertEquals(1, time.discontinuities());
  }
}
