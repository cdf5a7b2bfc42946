package io.captiond.captions.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConfirmationLagTest {

  private final ConfirmationLag lag = new ConfirmationLag();

  @Test
  void beforeAnyMeasurementTheBudgetIsTheHoldBack() {
    assertEquals(-1, lag.lagMs());
    assertEquals(6_000, lag.budgetMs(6_000, 14_000));
  }

  @Test
  void captionsSettledSecondsAfterTheTranscriptionStretchTheBudgetToThatLagAndSlack() {
    lag.transcribed(2_000, 10_000);
    lag.transcribed(3_000, 11_000);
    lag.settled(3_000, 19_000);
    assertEquals(8_000, lag.lagMs(), "timed from the latest point passed, transcribed at 11 s");
    assertEquals(8_000 + ConfirmationLag.SLACK_MS, lag.budgetMs(6_000, 14_000));
  }

  @Test
  void theBudgetNeverGoesBelowTheHoldBackNorAboveTheLongestHold() {
    lag.transcribed(2_000, 0);
    lag.settled(2_000, 500);
    assertEquals(6_000, lag.budgetMs(6_000, 14_000));
    lag.transcribed(4_000, 1_000);
    lag.settled(4_000, 31_000);
    assertEquals(14_000, lag.budgetMs(6_000, 14_000));
  }

  @Test
  void onlyTheRecentMeasurementsCount() {
    lag.transcribed(1_000, 0);
    lag.settled(1_000, 12_000);
    for (int i = 2; i < 2 + ConfirmationLag.RECENT; i++) {
      lag.transcribed(i * 1_000L, i * 10_000L);
      lag.settled(i * 1_000L, i * 10_000L + 2_000);
    }
    assertEquals(2_000, lag.lagMs(), "the 12 s lag of the start has left the recent ones");
  }
}
