package io.captiond.ingest.pull;

import io.captiond.media.PcmChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Regroups decoded audio frames (whatever size the decoder gives) into chunks of a fixed duration.
 * Stream time is the first frame's timestamp plus the samples counted since: a decoder's own frame
 * timestamps jitter, the sample count does not.
 */
public final class ChunkAssembler {

  private final String streamId;
  private final int chunkSamples;
  private final short[] pending;
  private int filled;
  private long baseMs = -1;
  private long emittedSamples;

  public ChunkAssembler(String streamId, int chunkMs) {
    this.streamId = streamId;
    this.chunkSamples = chunkMs * PcmChunk.SAMPLES_PER_MS;
    this.pending = new short[chunkSamples];
  }

  public List<PcmChunk> add(long frameTimestampMs, short[] samples) {
    if (baseMs < 0) {
      baseMs = Math.max(0, frameTimestampMs);
    }
    List<PcmChunk> chunks = new ArrayList<>();
    int read = 0;
    while (read < samples.length) {
      int take = Math.min(samples.length - read, chunkSamples - filled);
      System.arraycopy(samples, read, pending, filled, take);
      filled += take;
      read += take;
      if (filled == chunkSamples) {
        chunks.add(emit());
      }
    }
    return chunks;
  }

  /** The partly filled last chunk, or {@code null}. */
  public PcmChunk flush() {
    return filled == 0 ? null : emit();
  }

  private PcmChunk emit() {
    short[] samples = java.util.Arrays.copyOf(pending, filled);
    PcmChunk chunk = new PcmChunk(streamId, baseMs + emittedSamples / PcmChunk.SAMPLES_PER_MS, samples);
    emittedSamples += filled;
    filled = 0;
    return chunk;
  }
}
