package io.captiond.ingest.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The stream-time rule, segment by segment (2 s segments: 32 000 samples). */
class StreamClockTest {

  private static final int TWO_SECONDS = 32_000;

  @Test
  void theFirstSegmentSetsStreamTimeFromItsTimestamp() {
    StreamClock clock = new StreamClock();
    assertEquals(new StreamClock.Placement(1_400, 0, 1_400), clock.place(1_400, false, TWO_SECONDS));
    assertEquals(3_400, clock.endMs());
  }

  @Test
  void aResumedStreamNeverStartsBeforeItsLastCaptionEvenWhenTheSourceClockRestarted() {
    StreamClock clock = new StreamClock(60_000);
    assertEquals(new StreamClock.Placement(60_000, 0, 60_000), clock.place(1_400, false, TWO_SECONDS));
    assertEquals(1, clock.reanchors());
    assertEquals(new StreamClock.Placement(62_000, 0, 62_000), clock.place(3_400, false, TWO_SECONDS));
  }

  @Test
  void aResumedStreamWhoseSourceWentOnKeepsTheSourceTime() {
    StreamClock clock = new StreamClock(60_000);
    assertEquals(new StreamClock.Placement(90_000, 0, 90_000), clock.place(90_000, false, TWO_SECONDS));
    assertEquals(0, clock.reanchors());
  }

  @Test
  void contiguousSegmentsFollowEachOtherAndSmallJitterIsAbsorbed() {
    StreamClock clock = new StreamClock();
    clock.place(1_400, false, TWO_SECONDS);
    assertEquals(new StreamClock.Placement(3_400, 0, 3_400), clock.place(3_512, false, TWO_SECONDS));
    assertEquals(new StreamClock.Placement(5_400, 0, 5_400), clock.place(5_300, false, TWO_SECONDS));
    assertEquals(0, clock.reanchors());
  }

  @Test
  void aLostSegmentIsFilledWithSilenceSoTimeKeepsFollowingTheVideo() {
    StreamClock clock = new StreamClock();
    clock.place(1_400, false, TWO_SECONDS);
    StreamClock.Placement placement = clock.place(5_400, false, TWO_SECONDS);
    assertEquals(new StreamClock.Placement(3_400, 32_000, 5_400), placement);
    assertEquals(7_400, clock.endMs());
  }

  @Test
  void aDiscontinuityContinuesFromThePreviousEndAndShiftsWhatFollows() {
    StreamClock clock = new StreamClock();
    clock.place(1_400, false, TWO_SECONDS);
    clock.place(3_400, false, TWO_SECONDS);
    // the encoder restarted: timestamps begin again at 1.4 s
    assertEquals(new StreamClock.Placement(5_400, 0, 5_400), clock.place(1_400, true, TWO_SECONDS));
    assertEquals(new StreamClock.Placement(7_400, 0, 7_400), clock.place(3_400, false, TWO_SECONDS));
    assertEquals(1, clock.reanchors());
  }

  @Test
  void timestampsGoingBackWithoutATagAlsoReanchorAndTimeNeverGoesBack() {
    StreamClock clock = new StreamClock();
    clock.place(95_443_000, false, TWO_SECONDS); // near the 33-bit PTS wrap (95 443.7 s)
    assertEquals(new StreamClock.Placement(95_445_000, 0, 95_445_000), clock.place(1_300, false, TWO_SECONDS));
    assertEquals(1, clock.reanchors());
  }

  @Test
  void aJumpFurtherThanTheGapLimitReanchorsInsteadOfFillingSilence() {
    StreamClock clock = new StreamClock();
    clock.place(0, false, TWO_SECONDS);
    StreamClock.Placement placement = clock.place(2_000 + StreamClock.MAX_GAP_MS + 1, false, TWO_SECONDS);
    assertEquals(new StreamClock.Placement(2_000, 0, 2_000), placement);
  }

  @Test
  void segmentsWithoutTimestampsSimplyContinue() {
    StreamClock clock = new StreamClock();
    assertEquals(new StreamClock.Placement(0, 0, 0), clock.place(SegmentDecoder.NO_PTS, false, TWO_SECONDS));
    assertEquals(new StreamClock.Placement(2_000, 0, 2_000), clock.place(SegmentDecoder.NO_PTS, false, TWO_SECONDS));
  }
}
