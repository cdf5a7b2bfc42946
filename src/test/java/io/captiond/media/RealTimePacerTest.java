package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RealTimePacerTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final RealTimePacer limit = RealTimePacer.allowingAhead(5_000, nanos::get);

  private void advanceMs(long ms) {
    nanos.addAndGet(ms * 1_000_000);
  }

  @Test
  void aRealTimeSourceNeverWaits() {
    for (long t = 0; t < 60_000; t += 100) {
      assertEquals(0, limit.delayMs(t));
      advanceMs(100);
    }
  }

  @Test
  void aBurstUpToTheAllowancePassesAndBeyondItWaitsTheExcess() {
    assertEquals(0, limit.delayMs(0));
    assertEquals(0, limit.delayMs(5_000), "five seconds ahead: the allowance");
    assertEquals(1_000, limit.delayMs(6_000));
    advanceMs(1_000);
    assertEquals(0, limit.delayMs(6_000));
  }

  @Test
  void aGapWithoutAPublisherIsNotALicenceToSendItsLengthAtOnce() {
    assertEquals(0, limit.delayMs(0));
    advanceMs(60_000); // the publisher was away for a minute; stream time did not move
    assertEquals(0, limit.delayMs(100));
    assertEquals(0, limit.delayMs(5_100));
    assertEquals(2_000, limit.delayMs(7_100), "only the allowance again, not the minute");
  }

  @Test
  void afterARestartTheAudioThatFollowsIsPacedFromWhereItBegins() {
    assertEquals(0, limit.delayMs(0));
    // Thirty seconds that a publisher had sent went out unpaced when it left, in one second.
    advanceMs(1_000);
    limit.restart();
    assertEquals(0, limit.delayMs(30_100), "the next publisher's first chunk goes at once");
    assertEquals(0, limit.delayMs(35_100), "then the allowance, counted from there");
    assertEquals(1_000, limit.delayMs(36_100));
  }
}
