package io.captiond.captions.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SteadyVideoDelayTest {

  @Test
  void aStreamStartsAtItsLeastDelay() {
    assertEquals(3_000, new SteadyVideoDelay(3_000, 14_000).delayMs());
  }

  @Test
  void aLongerWaitForCaptionsRaisesTheDelayAtOnceAndAShorterOneDoesNot() {
    SteadyVideoDelay delay = new SteadyVideoDelay(1_000, 14_000);
    delay.held(3_700);
    assertEquals(3_700, delay.delayMs());
    delay.held(500);
    assertEquals(3_700, delay.delayMs(), "a segment whose captions came quickly keeps the pace");
  }

  @Test
  void theDelayFallsBackATwentiethOfEachSegmentListedNeverBelowItsLeast() {
    SteadyVideoDelay delay = new SteadyVideoDelay(1_000, 14_000);
    delay.held(4_000);
    delay.listed(2_000);
    assertEquals(3_900, delay.delayMs(), "2 s segments: 100 ms a segment");
    for (int i = 0; i < 100; i++) {
      delay.listed(2_000);
    }
    assertEquals(1_000, delay.delayMs());
  }

  @Test
  void theDelayNeverExceedsTheLongestHold() {
    SteadyVideoDelay delay = new SteadyVideoDelay(0, 14_000);
    delay.held(60_000);
    assertEquals(14_000, delay.delayMs());
  }

  @Test
  void aLeastDelayBeyondTheLongestHoldOrBelowZeroIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SteadyVideoDelay(15_000, 14_000));
    assertThrows(IllegalArgumentException.class, () -> new SteadyVideoDelay(-1, 14_000));
  }
}
