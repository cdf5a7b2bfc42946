package io.captiond.captions.cea608;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Any text at all: only the documented {@link CaptionBacklogException}, and well-formed frames. */
class CaptionChannelGarbageTest {

  private static String garbage(Random random, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(5)) {
        case 0 -> text.append((char) random.nextInt(0x20)); // controls, line breaks
        case 1 -> text.append((char) (0xD800 + random.nextInt(0x800))); // lone surrogates
        case 2 -> text.appendCodePoint(random.nextInt(0x10FFFF));
        case 3 -> text.append(' ');
        default -> text.append((char) (0x20 + random.nextInt(0x60)));
      }
    }
    return text.toString();
  }

  @Test
  void encodesRandomAndOversizeTextIntoWellFormedFramesOrRefusesItAsBacklog() {
    Random random = new Random(608);
    for (CaptionChannel.Mode mode : CaptionChannel.Mode.values()) {
      FrameRate rate = new FrameRate(30000, 1001);
      CaptionChannel channel = new CaptionChannel(new CaptionChannel.Config(mode, 3, rate, 5_000, 400));
      int refused = 0;
      for (int cue = 0; cue < 200; cue++) {
        int length = random.nextInt(10) == 0 ? 100_000 : random.nextInt(80);
        try {
          PacedCue paced = channel.caption(garbage(random, length), rate.frameTimeMs(channel.frame()));
          assertTrue(paced.delayMs() <= 5_000 + 34, paced.toString());
        } catch (CaptionBacklogException e) {
          refused++;
        }
        if (random.nextInt(8) == 0) {
          try {
            channel.clear(rate.frameTimeMs(channel.frame()));
          } catch (CaptionBacklogException e) {
            refused++;
          }
        }
        for (int f = random.nextInt(40); f > 0; f--) {
          assertWellFormed(channel.nextFrame());
        }
      }
      assertTrue(refused > 0, "oversize text outran the channel at least once");
    }
  }

  private static void assertWellFormed(CcData data) {
    assertEquals(20, data.triplets().size());
    CcTriplet field1 = data.triplets().get(0);
    assertEquals(CcTriplet.FIELD_1, field1.type());
    assertEquals(1, Integer.bitCount(field1.data1()) % 2, "odd parity");
    assertEquals(1, Integer.bitCount(field1.data2()) % 2, "odd parity");
    assertEquals(CcTriplet.FIELD_2_PADDING, data.triplets().get(1));
    for (CcTriplet t : data.triplets().subList(2, 20)) {
      assertTrue(t.type() >= 2, "DTVCC after the two fields");
    }
    assertTrue(A53Sei.nalUnit(data).length > 0);
  }
}
