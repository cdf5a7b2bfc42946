package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleBlocksTest {

  @Test
  void piecesOfAnySizeBecomeBlocksOfOneSizeNumberedBySample() {
    SampleBlocks blocks = new SampleBlocks(4);
    List<SampleBlocks.Block> out = new ArrayList<>();
    out.addAll(blocks.add(new short[] {1, 2, 3}));
    out.addAll(blocks.add(new short[] {4, 5, 6, 7, 8, 9, 10}));
    assertEquals(2, out.size());
    assertArrayEquals(new short[] {1, 2, 3, 4}, out.get(0).samples());
    assertEquals(0, out.get(0).startSample());
    assertArrayEquals(new short[] {5, 6, 7, 8}, out.get(1).samples());
    assertEquals(4, out.get(1).startSample());
    SampleBlocks.Block rest = blocks.flush();
    assertArrayEquals(new short[] {9, 10}, rest.samples());
    assertEquals(8, rest.startSample());
    assertNull(blocks.flush());
  }

  @Test
  void blocksAreCopiesTheCallerMayKeep() {
    SampleBlocks blocks = new SampleBlocks(2);
    SampleBlocks.Block first = blocks.add(new short[] {1, 2}).get(0);
    blocks.add(new short[] {3, 4});
    assertArrayEquals(new short[] {1, 2}, first.samples());
  }

  @Test
  void refusesAnEmptyBlockSize() {
    assertThrows(IllegalArgumentException.class, () -> new SampleBlocks(0));
  }

  @Test
  void convertsBetweenSamplesAndMillisecondsAtSixteenKilohertz() {
    assertEquals(16_000, Pcm16k.SAMPLE_RATE);
    assertEquals(320, Pcm16k.msToSamples(20));
    assertEquals(20, Pcm16k.samplesToMs(335), "rounded down");
  }
}
