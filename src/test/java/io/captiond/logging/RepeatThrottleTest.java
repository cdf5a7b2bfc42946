package io.captiond.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RepeatThrottleTest {

  private final AtomicLong now = new AtomicLong(5_000);
  private final List<String> summaries = new ArrayList<>();
  private final RepeatThrottle throttle = new RepeatThrottle(10_000, now::get,
      (held, overMs, sinceFirstMs, latest) -> summaries.add(held + " in " + overMs + " ms, first "
          + sinceFirstMs + " ms ago: " + latest));

  @Test
  void theFirstIsLoggedAndTheRepeatsWithinTheIntervalAreCounted() {
    assertTrue(throttle.admit("No handlers", "No handlers 1"));
    for (int i = 2; i <= 46; i++) {
      now.addAndGet(200);
      assertFalse(throttle.admit("No handlers", "No handlers " + i));
    }
    assertEquals(45, throttle.held());
    assertEquals(List.of(), summaries);
  }

  @Test
  void oneSummaryLinePerIntervalWhileTheFailureGoesOn() {
    throttle.admit("down", "down 0");
    for (int second = 1; second <= 30; second++) {
      now.addAndGet(1_000);
      assertFalse(throttle.admit("down", "down " + second));
    }
    assertEquals(List.of("10 in 10000 ms, first 10000 ms ago: down 10", "10 in 10000 ms, first 20000 ms ago: down 20",
        "10 in 10000 ms, first 30000 ms ago: down 30"), summaries);
    assertEquals(0, throttle.held());
  }

  @Test
  void aDifferentFailureIsLoggedAtOnceAfterTheSummaryOfTheOneBefore() {
    throttle.admit("down", "down 0");
    now.addAndGet(1_000);
    throttle.admit("down", "down 1");
    now.addAndGet(1_000);
    assertTrue(throttle.admit("Timed out after ", "Timed out after 3000 ms"));
    assertEquals(List.of("1 in 2000 ms, first 2000 ms ago: down 1"), summaries);
    now.addAndGet(1_000);
    assertFalse(throttle.admit("Timed out after ", "Timed out after 2000 ms"));
  }

  @Test
  void aRecoverySummarisesWhatIsHeldAndTheNextFailureIsLoggedInFull() {
    throttle.admit("down", "down 0");
    now.addAndGet(3_000);
    throttle.admit("down", "down 1");
    throttle.reset();
    assertEquals(List.of("1 in 3000 ms, first 3000 ms ago: down 1"), summaries);
    throttle.reset();
    assertEquals(1, summaries.size(), "nothing held, nothing more to say");
    assertTrue(throttle.admit("down", "down 2"));
  }

  @Test
  void aRepeatAfterAQuietIntervalStartsAgainInFull() {
    throttle.admit("down", "down 0");
    now.addAndGet(10_000);
    assertTrue(throttle.admit("down", "down 1"));
    assertEquals(List.of(), summaries);
  }

  @Test
  void whatIsHeldIsSummarisedWhenItsIntervalIsOverWithoutAnotherRepeat() {
    throttle.admit("down", "down 0");
    now.addAndGet(4_000);
    throttle.admit("down", "down 1");
    now.addAndGet(5_000);
    throttle.flushIfDue();
    assertEquals(List.of(), summaries, "not due yet");
    now.addAndGet(1_000);
    throttle.flushIfDue();
    throttle.flushIfDue();
    assertEquals(List.of("1 in 10000 ms, first 10000 ms ago: down 1"), summaries);
  }

  @Test
  void failuresAreToldApartByTheirWordsBeforeTheFirstNumber() {
    assertEquals("Timed out after waiting ",
        RepeatThrottle.kindOf("Timed out after waiting 2980(ms) for a reply. address: __vertx.reply.17"));
    assertEquals(RepeatThrottle.kindOf("Timed out after waiting 3000(ms) for a reply. address: __vertx.reply.18"),
        RepeatThrottle.kindOf("Timed out after waiting 2980(ms) for a reply. address: __vertx.reply.17"));
    assertEquals("No handlers for address asr.transcribe", RepeatThrottle.kindOf("No handlers for address asr.transcribe"));
    assertEquals("", RepeatThrottle.kindOf(null));
  }

  @Test
  void refusesAnIntervalThatIsNotPositive() {
    assertThrows(IllegalArgumentException.class, () -> new RepeatThrottle(0, now::get, (h, o, s, l) -> {}));
  }
}
