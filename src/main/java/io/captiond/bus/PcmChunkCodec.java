package io.captiond.bus;

import io.captiond.media.PcmChunk;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;

/**
 * PCM on the wire: stream id (length-prefixed UTF-8), start time (ms), sample count, then the
 * samples as big-endian 16-bit integers. Never JSON: a second of audio would triple in size.
 */
public final class PcmChunkCodec extends ImmutableMessageCodec<PcmChunk> {

  public static final String NAME = "captiond.pcm";

  public PcmChunkCodec() {
    super(NAME);
  }

  @Override
  public void encodeToWire(Buffer buffer, PcmChunk chunk) {
    writeSamples(buffer, chunk.streamId(), chunk.startMs(), chunk.samples());
  }

  @Override
  public PcmChunk decodeFromWire(int pos, Buffer buffer) {
    int idLength = buffer.getInt(pos);
    String streamId = buffer.getString(pos + 4, pos + 4 + idLength, StandardCharsets.UTF_8.name());
    int at = pos + 4 + idLength;
    long startMs = buffer.getLong(at);
    return new PcmChunk(streamId, startMs, readSamples(buffer, at + 8));
  }

  /** Appends a length-prefixed string, a long and length-prefixed samples; shared with the ASR request codec. */
  static void writeSamples(Buffer buffer, String text, long time, short[] samples) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(bytes.length).appendBytes(bytes).appendLong(time).appendInt(samples.length);
    for (short sample : samples) {
      buffer.appendShort(sample);
    }
  }

  static short[] readSamples(Buffer buffer, int pos) {
    int count = buffer.getInt(pos);
    short[] samples = new short[count];
    for (int i = 0; i < count; i++) {
      samples[i] = buffer.getShort(pos + 4 + 2 * i);
    }
    return samples;
  }

}
