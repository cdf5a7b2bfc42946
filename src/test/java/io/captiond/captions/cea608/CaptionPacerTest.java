package io.captiond.captions.cea608;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionPacerTest {

  private static final FrameRate FPS_30 = new FrameRate(30, 1);

  private static List<CcData> frames(CaptionPacer pacer, int n) {
    List<CcData> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(pacer.nextFrame());
    }
    return out;
  }

  private static Cea608Pair field1(CcData data) {
    CcTriplet t = data.triplets().get(0);
    assertEquals(CcTriplet.FIELD_1, t.type());
    return new Cea608Pair(t.data1(), t.data2());
  }

  @Test
  void padsBothFieldsOfEveryIdleFrame() {
    CaptionPacer pacer = new CaptionPacer(FPS_30, 300);
    for (CcData data : frames(pacer, 5)) {
      assertEquals(20, data.triplets().size());
      assertEquals(new CcTriplet(true, 0, 0x80, 0x80), data.triplets().get(0));
      assertEquals(new CcTriplet(true, 1, 0x80, 0x80), data.triplets().get(1));
      assertEquals(CcTriplet.DTVCC_PADDING, data.triplets().get(19));
    }
  }

  @Test
  void sendsOnePairPerFrameFromTheCuesFrameAndReportsThePacingDelay() {
    CaptionPacer pacer = new CaptionPacer(FPS_30, 300);
    Cea608Burst burst = new PopOnEncoder(2).encode("Hi"); // 9 pairs, shown at the 8th
    PacedCue cue = pacer.schedule(burst, List::of, 100); // 100 ms: frame 3 (100.0 ms)
    assertEquals(new PacedCue(3, 3, 10, 234), cue); // 7 frames of 33.3 ms, rounded up
    List<CcData> sent = frames(pacer, 14);
    for (int i = 0; i < 3; i++) {
      assertEquals(Cea608Pair.PADDING, field1(sent.get(i)));
    }
    for (int i = 0; i < 9; i++) {
      assertEquals(burst.pairs().get(i), field1(sent.get(3 + i)), "frame " + (3 + i));
    }
    assertEquals(Cea608Pair.PADDING, field1(sent.get(12)));
  }

  @Test
  void neverOutrunsSixtyCharactersASecond() {
    CaptionPacer pacer = new CaptionPacer(FPS_30, 3000);
    String text = "abcdefghij".repeat(12); // 120 characters: at least 60 frames of two
    PacedCue cue = pacer.schedule(new RollUpEncoder(2, 15).encode(text), List::of, 0);
    assertEquals(true, cue.shownFrame() >= 60, cue.toString());
    assertEquals(true, cue.delayMs() >= 2000, cue.toString());
    List<CcData> sent = frames(pacer, (int) cue.shownFrame() + 1);
    long characters = sent.stream().map(CaptionPacerTest::field1).filter(p -> !p.isControl())
        .mapToLong(p -> ((p.first() & 0x7F) != 0 ? 1 : 0) + ((p.second() & 0x7F) != 0 ? 1 : 0)).sum();
    assertEquals(120, characters);
  }

  @Test
  void queuesACueBehindTheOneStillBeingSent() {
    CaptionPacer pacer = new CaptionPacer(FPS_30, 300);
    PacedCue first = pacer.schedule(new PopOnEncoder(2).encode("Hi"), List::of, 0);
    PacedCue second = pacer.schedule(new PopOnEncoder(2).erase(), List::of, 0);
    assertEquals(0, first.firstFrame());
    assertEquals(9, second.firstFrame());
    assertEquals(9, second.shownFrame());
    assertEquals(300, second.delayMs());
  }

  @Test
  void refusesACueBeyondTheBacklogAndKeepsTheQueueAsItWas() {
    CaptionPacer pacer = new CaptionPacer(FPS_30, 30);
    Cea608Burst tooLong = new RollUpEncoder(2, 15).encode("x".repeat(100));
    assertThrows(CaptionBacklogException.class, () -> pacer.schedule(tooLong, List::of, 0));
    assertEquals(0, pacer.backlogFrames());
    assertEquals(new PacedCue(0, 0, 0, 0), pacer.schedule(new PopOnEncoder(2).erase(), List::of, 0));
  }

  @Test
  void spreadsDtvccTripletsOverTheFramesSlotsAfterTheTwoFields() {
    CaptionPacer pacer = new CaptionPacer(new FrameRate(60, 1), 300); // cc_count 10: 8 DTVCC slots
    List<CcTriplet> dtvcc = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      dtvcc.add(new CcTriplet(true, i == 0 ? 3 : 2, i, i));
    }
    pacer.schedule(new PopOnEncoder(2).erase(), () -> dtvcc, 0);
    List<CcData> sent = frames(pacer, 2);
    assertEquals(dtvcc.subList(0, 8), sent.get(0).triplets().subList(2, 10));
    assertEquals(dtvcc.subList(8, 12), sent.get(1).triplets().subList(2, 6));
    assertEquals(CcTriplet.DTVCC_PADDING, sent.get(1).triplets().get(6));
  }

  @Test
  void derivesCcCountFromTheFrameRate() {
    assertEquals(20, new FrameRate(30000, 1001).ccCount());
    assertEquals(10, new FrameRate(60000, 1001).ccCount());
    assertEquals(24, new FrameRate(25, 1).ccCount());
    assertEquals(25, new FrameRate(24, 1).ccCount());
    assertEquals(3, new FrameRate(240, 1).ccCount());
    assertEquals(31, new FrameRate(1, 1).ccCount());
  }
}
