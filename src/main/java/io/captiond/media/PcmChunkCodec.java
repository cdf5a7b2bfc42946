package io.captiond.media;

import io.captiond.bus.ImmutableMessageCodec;
import io.captiond.bus.SampleFrames;
import io.vertx.core.buffer.Buffer;

/**
 * PCM on the wire: stream id (length-prefixed UTF-8), start time (ms), sample count, then the
 * samples as big-endian 16-bit integers ({@link SampleFrames}).
 */
public final class PcmChunkCodec extends ImmutableMessageCodec<PcmChunk> {

  public static final String NAME = "captiond.pcm";

  public PcmChunkCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer buffer, PcmChunk chunk) {
    SampleFrames.write(buffer, chunk.streamId(), chunk.startMs(), chunk.samples());
  }

  @Override
  public PcmChunk decodeFromWire(int pos, Buffer buffer) {
    String streamId = SampleFrames.readText(buffer, pos);
    int at = SampleFrames.afterText(buffer, pos);
    return new PcmChunk(streamId, buffer.getLong(at), SampleFrames.readSamples(buffer, at + 8));
  }
}
