package io.captiond.asr.whisper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.captiond.asr.AudioWindow;
import io.captiond.asr.TranscribeOptions;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DraftHintsTest {

  static short[] speech(int length, int seed) {
    short[] samples = new short[length];
    for (int i = 0; i < length; i++) {
      samples[i] = (short) ((i * 7919 + seed * 104729) % 20000 - 10000);
    }
    return samples;
  }

  @Test
  void aGrowingWindowFindsTheTokensOfItsPreviousDecode() {
    DraftHints hints = new DraftHints();
    short[] audio = speech(48_000, 1);
    TranscribeOptions en = TranscribeOptions.of("en");
    hints.put(DraftHints.key(new AudioWindow(2_000, Arrays.copyOf(audio, 32_000)), en), 32_000, new int[] {1, 2, 3});
    assertArrayEquals(new int[] {1, 2, 3}, hints.get(DraftHints.key(new AudioWindow(2_000, audio), en), 48_000));
  }

  /** So the same window decoded again takes the same draft, and gives the same answer bit for bit. */
  @Test
  void aWindowsDraftIsTheDecodeOfTheLongestShorterWindowNeverItsOwn() {
    DraftHints hints = new DraftHints();
    DraftHints.Key key = DraftHints.key(new AudioWindow(0, speech(48_000, 1)), TranscribeOptions.of("en"));
    hints.put(key, 16_000, new int[] {1});
    hints.put(key, 32_000, new int[] {2});
    assertArrayEquals(new int[] {2}, hints.get(key, 48_000));
    hints.put(key, 48_000, new int[] {3});
    hints.put(key, 64_000, new int[] {4});
    assertArrayEquals(new int[] {2}, hints.get(key, 48_000));
    assertArrayEquals(new int[] {3}, hints.get(key, 64_000));
    assertNull(hints.get(key, 16_000));
    hints.put(key, 80_000, new int[] {5});
    assertNull(hints.get(key, 32_000), "each key keeps its " + DraftHints.LENGTHS_KEPT + " longest windows");
  }

  @Test
  void anotherStartAnotherStreamLanguageOrTaskFindsNothing() {
    DraftHints hints = new DraftHints();
    short[] audio = speech(32_000, 1);
    TranscribeOptions en = TranscribeOptions.of("en");
    hints.put(DraftHints.key(new AudioWindow(2_000, Arrays.copyOf(audio, 16_000)), en), 16_000, new int[] {1});
    assertNull(hints.get(DraftHints.key(new AudioWindow(3_000, audio), en), 32_000));
    assertNull(hints.get(DraftHints.key(new AudioWindow(2_000, speech(32_000, 2)), en), 32_000));
    assertNull(hints.get(DraftHints.key(new AudioWindow(2_000, audio), TranscribeOptions.of("de")), 32_000));
    assertNull(hints.get(DraftHints.key(new AudioWindow(2_000, audio),
        new TranscribeOptions("en", "", TranscribeOptions.TRANSLATE)), 32_000));
    assertNotEquals(DraftHints.key(new AudioWindow(2_000, audio), en),
        DraftHints.key(new AudioWindow(2_000, speech(32_000, 3)), en));
  }

  @Test
  void entriesUnusedForAMinuteAreDropped() {
    AtomicLong now = new AtomicLong(1_000_000);
    DraftHints hints = new DraftHints(now::get);
    TranscribeOptions en = TranscribeOptions.of("en");
    DraftHints.Key used = DraftHints.key(new AudioWindow(0, speech(16_000, 1)), en);
    DraftHints.Key idle = DraftHints.key(new AudioWindow(0, speech(16_000, 2)), en);
    hints.put(used, 1, new int[] {1});
    hints.put(idle, 1, new int[] {2});
    now.addAndGet(DraftHints.MAX_AGE_MS - 1);
    assertArrayEquals(new int[] {1}, hints.get(used, 2));
    now.addAndGet(2);
    assertNull(hints.get(idle, 2));
    assertArrayEquals(new int[] {1}, hints.get(used, 2));
    assertEquals(1, hints.size());
  }

  @Test
  void theLeastRecentlyUsedEntryGoesBeyondTheBound() {
    DraftHints hints = new DraftHints();
    TranscribeOptions en = TranscribeOptions.of("en");
    short[] audio = speech(16_000, 1);
    for (int i = 0; i <= DraftHints.MAX_ENTRIES; i++) {
      hints.put(DraftHints.key(new AudioWindow(i * 1_000L, audio), en), 1, new int[] {i});
    }
    assertEquals(DraftHints.MAX_ENTRIES, hints.size());
    assertNull(hints.get(DraftHints.key(new AudioWindow(0, audio), en), 2));
    assertArrayEquals(new int[] {1}, hints.get(DraftHints.key(new AudioWindow(1_000, audio), en), 2));
  }
}
