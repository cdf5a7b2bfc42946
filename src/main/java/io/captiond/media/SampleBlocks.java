package io.captiond.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Regroups a run of samples, arriving in pieces of any size, into consecutive blocks of a fixed
 * size, keeping the remainder for the next piece: the VAD's 512-sample frames, the sources' PCM
 * chunks. Each block carries the offset of its first sample in the run. Pure, single-threaded.
 */
public final class SampleBlocks {

  /** A block and the offset of its first sample since the first sample added. */
  public record Block(long startSample, short[] samples) {}

  private final int size;
  private final short[] pending;
  private int filled;
  private long nextStart;

  public SampleBlocks(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("block size must be positive, was " + size);
    }
    this.size = size;
    this.pending = new short[size];
  }

  /** The blocks that {@code samples} completes, in order. */
  public List<Block> add(short[] samples) {
    List<Block> blocks = new ArrayList<>(samples.length / size + 1);
    int read = 0;
    while (read < samples.length) {
      int take = Math.min(samples.length - read, size - filled);
      System.arraycopy(samples, read, pending, filled, take);
      filled += take;
      read += take;
      if (filled == size) {
        blocks.add(take());
      }
    }
    return blocks;
  }

  /** The partly filled last block, or {@code null} when none is pending. */
  public Block flush() {
    return filled == 0 ? null : take();
  }

  private Block take() {
    Block block = new Block(nextStart, Arrays.copyOf(pending, filled));
    nextStart += filled;
    filled = 0;
    return block;
  }
}
