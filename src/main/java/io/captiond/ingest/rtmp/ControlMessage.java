package io.captiond.ingest.rtmp;

import java.nio.ByteBuffer;

/**
 * The protocol control messages of RTMP 1.0 section 5.4: message types 1, 2, 3, 5 and 6, sent on
 * chunk stream 2 and message stream 0. Each record encodes itself to an {@link RtmpMessage}.
 */
public sealed interface ControlMessage {

  /** Section 5.4: "sent in chunk stream ID 2". */
  int CHUNK_STREAM_ID = 2;

  RtmpMessage toMessage();

  /** Section 5.4.1, type 1. */
  record SetChunkSize(int size) implements ControlMessage {
    public RtmpMessage toMessage() {
      return message(RtmpMessage.SET_CHUNK_SIZE, ByteBuffer.allocate(4).putInt(size));
    }
  }

  /** Section 5.4.2, type 2: discard the partly received message on a chunk stream. */
  record Abort(int chunkStreamId) implements ControlMessage {
    public RtmpMessage toMessage() {
      return message(RtmpMessage.ABORT, ByteBuffer.allocate(4).putInt(chunkStreamId));
    }
  }

  /** Section 5.4.3, type 3: the number of bytes received so far, modulo 2^32. */
  record Acknowledgement(long sequenceNumber) implements ControlMessage {
    public RtmpMessage toMessage() {
      return message(RtmpMessage.ACKNOWLEDGEMENT,
          ByteBuffer.allocate(4).putInt((int) sequenceNumber));
    }
  }

  /** Section 5.4.4, type 5: acknowledge after this many bytes. */
  record WindowAckSize(long size) implements ControlMessage {
    public RtmpMessage toMessage() {
      return message(RtmpMessage.WINDOW_ACK_SIZE, ByteBuffer.allocate(4).putInt((int) size));
    }
  }

  /** Section 5.4.5, type 6: limit type 0 hard, 1 soft, 2 dynamic. */
  record SetPeerBandwidth(long size, int limitType) implements ControlMessage {
    public static final int HARD = 0;
    public static final int SOFT = 1;
    public static final int DYNAMIC = 2;

    public RtmpMessage toMessage() {
      return message(RtmpMessage.SET_PEER_BANDWIDTH,
          ByteBuffer.allocate(5).putInt((int) size).put((byte) limitType));
    }
  }

  /** Reads a message of type 1, 2, 3, 5 or 6; throws if its payload has the wrong size. */
  static ControlMessage decode(RtmpMessage message) {
    byte[] p = message.payload();
    int type = message.typeId();
    int expected = type == RtmpMessage.SET_PEER_BANDWIDTH ? 5 : 4;
    if (p.length != expected) {
      throw new MessageException("protocol control message type " + type + " has " + p.length
          + " bytes; it must have " + expected);
    }
    long value = ByteBuffer.wrap(p).getInt() & 0xFFFFFFFFL;
    return switch (type) {
      case RtmpMessage.SET_CHUNK_SIZE -> new SetChunkSize((int) value);
      case RtmpMessage.ABORT -> new Abort((int) value);
      case RtmpMessage.ACKNOWLEDGEMENT -> new Acknowledgement(value);
      case RtmpMessage.WINDOW_ACK_SIZE -> new WindowAckSize(value);
      case RtmpMessage.SET_PEER_BANDWIDTH -> new SetPeerBandwidth(value, p[4] & 0xFF);
      default -> throw new MessageException("message type " + type
          + " is not a protocol control message (1, 2, 3, 5, 6)");
    };
  }

  private static RtmpMessage message(int type, ByteBuffer filled) {
    return new RtmpMessage(type, 0, 0, filled.array());
  }
}
