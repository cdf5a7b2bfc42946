package io.captiond.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkAssemblerTest {

  @Test
  void framesOfAnySizeBecomeChunksStampedBySampleCount() {
    ChunkAssembler assembler = new ChunkAssembler("s", 100);
    List<PcmChunk> chunks = new ArrayList<>();
    chunks.addAll(assembler.add(2_000, new short[1_000]));
    chunks.addAll(assembler.add(2_063, new short[2_500]));
    chunks.addAll(assembler.add(9_999, new short[100]));
    assertEquals(2, chunks.size());
    assertEquals(2_000, chunks.get(0).startMs());
    assertEquals(2_100, chunks.get(1).startMs(), "stream time from samples counted, not the jittery frame stamp");
    PcmChunk rest = assembler.flush();
    assertEquals(2_200, rest.startMs());
    assertEquals(400, rest.samples().length);
    assertNull(assembler.flush());
  }
}
