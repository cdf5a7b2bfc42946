package io.captiond.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The pace of a stream's decodes: step 1 s, max step 4 s, max window 30 s unless a test says otherwise. */
class DecodePacerTest {

  private final DecodePacer pacer = new DecodePacer(1_000, 4_000, 30_000);
  private long positionMs;

  @org.junit.jupiter.api.BeforeEach
  void warmUp() {
    assertFalse(decode(10_000, 900));
  }

  @Test
  void aStreamsFirstDecodeWarmsUpAndCountsForNothing() {
    DecodePacer fresh = new DecodePacer(1_000, 4_000, 30_000);
    assertFalse(fresh.decoded(1_000, 1_000, 9_000, 10_000));
    assertFalse(fresh.slowed());
    assertTrue(fresh.decoded(12_000, 1_000, 9_000, 20_000));
  }

  @Test
  void keepsTheConfiguredPaceWhileDecodesTakeLessThanTheStep() {
    for (int i = 0; i < 20; i++) {
      assertFalse(decode(10_000, 900));
    }
    assertEquals(new DecodePacer.Pace(1_000, 30_000, 900), pacer.pace());
    assertFalse(pacer.slowed());
  }

  @Test
  void oneDecodeALittleSlowerThanTheStepAloneChangesNothing() {
    assertFalse(decode(10_000, 1_800));
    assertFalse(decode(10_000, 500));
    assertFalse(decode(10_000, 1_800));
    assertEquals(1_000, pacer.stepMs());
    assertEquals(30_000, pacer.windowCapMs());
  }

  @Test
  void twoSlowDecodesInARowHalveTheWindowTheyDecoded() {
    decode(10_000, 1_500);
    assertTrue(decode(10_000, 1_500));
    assertEquals(5_000, pacer.windowCapMs());
    assertEquals(1_000, pacer.stepMs());
    assertTrue(pacer.slowed());
  }

  @Test
  void oneDecodeOfMoreThanTwoStepsSlowsDownAtOnce() {
    assertTrue(decode(10_000, 2_100));
    assertEquals(5_000, pacer.windowCapMs());
  }

  @Test
  void aDecodeOfManyStepsSlowsDownAsManyNotchesAtOnce() {
    assertTrue(decode(12_000, 7_000));
    assertEquals(new DecodePacer.Pace(4_000, 6_000, 7_000), pacer.pace(), "a step of at least half the decode");
    assertTrue(pacer.atSlowest());
  }

  @Test
  void slowsDownByWindowAndStepInTurnToItsBounds() {
    slowDown(12_000);
    assertEquals(6_000, pacer.windowCapMs(), "first the window halves");
    slowDown(6_000);
    assertEquals(2_000, pacer.stepMs(), "then the step doubles");
    assertEquals(6_000, pacer.windowCapMs());
    slowDown(6_000);
    assertEquals(4_000, pacer.windowCapMs(), "the window halves again, down to the step and the overlap");
    slowDown(4_000);
    assertEquals(4_000, pacer.stepMs());
    assertEquals(6_000, pacer.windowCapMs(), "a longer step keeps its overlap");
    assertTrue(pacer.atSlowest());
    for (int i = 0; i < 10; i++) {
      slowDown(6_000);
    }
    assertEquals(new DecodePacer.Pace(4_000, 4_000 + DecodePacer.OVERLAP_MS, 6_000), pacer.pace());
  }

  @Test
  void decodesCutBeforeAChangeDoNotCountAgainstTheNewPace() {
    slowDown(12_000);
    long changedAt = positionMs;
    assertFalse(pacer.decoded(changedAt - 500, 12_000, 5_000, positionMs));
    assertFalse(pacer.decoded(changedAt - 100, 12_000, 5_000, positionMs));
    assertFalse(pacer.atSlowest());
    assertEquals(6_000, pacer.windowCapMs());
  }

  @Test
  void quickDecodesBringItBackToTheConfiguredPaceNotchByNotch() {
    for (int i = 0; i < 6; i++) {
      slowDown(30_000);
    }
    assertEquals(new DecodePacer.Pace(4_000, 6_000, 6_000), pacer.pace());
    int notches = 0;
    while (pacer.slowed() && notches < 20) {
      for (int i = 0; i < DecodePacer.CALM_DECODES; i++) {
        decode(pacer.windowCapMs(), pacer.stepMs() / 2);
      }
      notches++;
    }
    assertEquals(new DecodePacer.Pace(1_000, 30_000, 500), pacer.pace());
    assertTrue(notches >= 4, "a notch at a time: " + notches);
  }

  @Test
  void decodesBetweenHalfAndAllOfTheStepHoldThePace() {
    slowDown(12_000);
    for (int i = 0; i < 20; i++) {
      assertFalse(decode(6_000, 800));
    }
    assertEquals(6_000, pacer.windowCapMs());
  }

  @Test
  void refusesAMaxStepShorterThanTheStep() {
    assertThrows(IllegalArgumentException.class, () -> new DecodePacer(1_000, 500, 30_000));
  }

  /** A decode of a window ending at the stream's position, {@code windowMs} long, that took {@code tookMs}. */
  private boolean decode(long windowMs, long tookMs) {
    positionMs += Math.max(tookMs, 100);
    return pacer.decoded(positionMs - tookMs, windowMs, tookMs, positionMs);
  }

  /** Two decodes of one and a half steps: one notch slower (where there is one). */
  private void slowDown(long windowMs) {
    long took = pacer.stepMs() * 3 / 2;
    decode(windowMs, took);
    decode(windowMs, took);
  }
}
