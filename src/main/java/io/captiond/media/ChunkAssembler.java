package io.captiond.media;

import java.util.List;

/**
 * Regroups decoded audio frames (whatever size the decoder gives) into chunks of a fixed duration.
 * Stream time is the first frame's timestamp plus the samples counted since: a decoder's own frame
 * timestamps jitter, the sample count does not.
 */
public final class ChunkAssembler {

  private final String streamId;
  private final SampleBlocks blocks;
  private long baseMs = -1;

  public ChunkAssembler(String streamId, int chunkMs) {
    this.streamId = streamId;
    this.blocks = new SampleBlocks((int) Pcm16k.msToSamples(chunkMs));
  }

  public List<PcmChunk> add(long frameTimestampMs, short[] samples) {
    if (baseMs < 0) {
      baseMs = Math.max(0, frameTimestampMs);
    }
    return blocks.add(samples).stream().map(this::chunk).toList();
  }

  /** The partly filled last chunk, or {@code null}. */
  public PcmChunk flush() {
    SampleBlocks.Block rest = blocks.flush();
    return rest == null ? null : chunk(rest);
  }

  private PcmChunk chunk(SampleBlocks.Block block) {
    return new PcmChunk(streamId, baseMs + Pcm16k.samplesToMs(block.startSample()), block.samples());
  }
}
