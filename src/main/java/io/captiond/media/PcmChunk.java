package io.captiond.media;

import java.util.Objects;

/**
 * A run of decoded audio: 16 kHz mono signed 16-bit samples of one stream, the first of which
 * plays at {@code startMs} in stream time. Immutable by contract: producers hand over the array and
 * never touch it again (local event-bus delivery shares the reference).
 */
public record PcmChunk(String streamId, long startMs, short[] samples) {

  public PcmChunk {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(samples, "samples");
  }

  public long durationMs() {
    return Pcm16k.samplesToMs(samples.length);
  }
}
