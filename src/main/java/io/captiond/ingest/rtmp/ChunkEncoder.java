package io.captiond.ingest.rtmp;

import io.netty.buffer.ByteBuf;

/**
 * Splits outgoing messages into chunks (RTMP 1.0 section 5.3): the first chunk with a type 0
 * header, continuations with type 3 headers. A timestamp of 0xFFFFFF or more goes into the extended
 * timestamp field, repeated on every type 3 continuation (section 5.3.1.3).
 */
public final class ChunkEncoder {

  private int chunkSize;

  public ChunkEncoder(int chunkSize) {
    setChunkSize(chunkSize);
  }

  /** Takes effect for the next message; call it right after encoding a Set Chunk Size. */
  public void setChunkSize(int chunkSize) {
    if (chunkSize < 1 || chunkSize > RtmpSettings.MAX_CHUNK_SIZE) {
      throw new IllegalArgumentException("chunk size " + chunkSize + " outside 1..2^31-1");
    }
    this.chunkSize = chunkSize;
  }

  public int chunkSize() {
    return chunkSize;
  }

  public void encode(int chunkStreamId, RtmpMessage message, ByteBuf out) {
    if (chunkStreamId < 2 || chunkStreamId > 65599) {
      throw new IllegalArgumentException("chunk stream id " + chunkStreamId + " outside 2..65599");
    }
    byte[] payload = message.payload();
    long timestamp = message.timestamp();
    boolean extended = timestamp >= 0xFFFFFF;
    writeBasicHeader(0, chunkStreamId, out);
    out.writeMedium(extended ? 0xFFFFFF : (int) timestamp);
    out.writeMedium(payload.length);
    out.writeByte(message.typeId());
    out.writeIntLE(message.streamId());
    if (extended) {
      out.writeInt((int) timestamp);
    }
    int written = Math.min(chunkSize, payload.length);
    out.writeBytes(payload, 0, written);
    while (written < payload.length) {
      writeBasicHeader(3, chunkStreamId, out);
      if (extended) {
        out.writeInt((int) timestamp);
      }
      int n = Math.min(chunkSize, payload.length - written);
      out.writeBytes(payload, written, n);
      written += n;
    }
  }

  /** Section 5.3.1.1: one byte for ids 2..63, two for 64..319, three for 320..65599. */
  static void writeBasicHeader(int format, int chunkStreamId, ByteBuf out) {
    if (chunkStreamId < 64) {
      out.writeByte(format << 6 | chunkStreamId);
    } else if (chunkStreamId < 320) {
      out.writeByte(format << 6);
      out.writeByte(chunkStreamId - 64);
    } else {
      out.writeByte(format << 6 | 1);
      out.writeByte((chunkStreamId - 64) & 0xFF);
      out.writeByte((chunkStreamId - 64) >>> 8);
    }
  }
}
