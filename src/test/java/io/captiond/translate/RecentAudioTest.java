package io.captiond.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecentAudioTest {

  static short[] ramp(int from, int count) {
    short[] samples = new short[count];
    for (int i = 0; i < count; i++) {
      samples[i] = (short) (from + i);
    }
    return samples;
  }

  @Test
  void aSpanIsTheSamplesOfItsStreamTimeAcrossChunks() {
    RecentAudio audio = new RecentAudio(10_000);
    audio.add(0, ramp(0, 1_600));
    audio.add(100, ramp(1_600, 1_600));
    short[] span = audio.span(50, 150).orElseThrow();
    assertArrayEquals(ramp(800, 1_600), span);
  }

  @Test
  void aHoleInStreamTimeReadsAsSilence() {
    RecentAudio audio = new RecentAudio(10_000);
    audio.add(0, ramp(1, 160));
    audio.add(20, ramp(1, 160));
    short[] span = audio.span(0, 30).orElseThrow();
    assertEquals(480, span.length);
    assertEquals(0, span[200], "10-20 ms never came");
    assertEquals(1, span[320]);
  }

  @Test
  void theOldestAudioLeavesPastTheCapacityAndItsSpansAreGone() {
    RecentAudio audio = new RecentAudio(1_000);
    for (int i = 0; i < 30; i++) {
      audio.add(i * 100L, ramp(0, 1_600));
    }
    assertTrue(audio.oldestMs() >= 1_900 && audio.oldestMs() <= 2_000, "about a second kept: " + audio.oldestMs());
    assertTrue(audio.span(500, 900).isEmpty(), "left the ring");
    assertTrue(audio.span(audio.oldestMs() - 1, 2_900).isEmpty(), "starts before what is kept");
    assertEquals(16_000 - 16, audio.span(2_001, 3_000).orElseThrow().length);
  }

  @Test
  void nothingIsHeardBeforeAudioComes() {
    assertTrue(new RecentAudio(1_000).span(0, 100).isEmpty());
  }
}
