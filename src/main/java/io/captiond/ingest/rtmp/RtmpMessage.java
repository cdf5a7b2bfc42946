package io.captiond.ingest.rtmp;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One reassembled RTMP message (RTMP 1.0 section 6.1): its type, message stream, absolute timestamp
 * and payload. The timestamp is the 32-bit wire clock in milliseconds, {@code 0..2^32-1}; deltas
 * add modulo 2^32 (section 5.3.1.2.1: "timestamps ... roll over"). Unwrapping a long-running
 * stream into a 64-bit clock belongs to whoever owns the stream's clock.
 *
 * <p>The payload array is owned by the message: do not modify it.
 */
public record RtmpMessage(int typeId, int streamId, long timestamp, byte[] payload) {

  public static final int SET_CHUNK_SIZE = 1;
  public static final int ABORT = 2;
  public static final int ACKNOWLEDGEMENT = 3;
  public static final int USER_CONTROL = 4;
  public static final int WINDOW_ACK_SIZE = 5;
  public static final int SET_PEER_BANDWIDTH = 6;
  public static final int AUDIO = 8;
  public static final int VIDEO = 9;
  public static final int DATA_AMF3 = 15;
  public static final int SHARED_OBJECT_AMF3 = 16;
  public static final int COMMAND_AMF3 = 17;
  public static final int DATA_AMF0 = 18;
  public static final int SHARED_OBJECT_AMF0 = 19;
  public static final int COMMAND_AMF0 = 20;
  public static final int AGGREGATE = 22;

  public RtmpMessage {
    if (typeId < 0 || typeId > 255) {
      throw new IllegalArgumentException("typeId " + typeId + " outside 0..255");
    }
    if (timestamp < 0 || timestamp > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("timestamp " + timestamp + " outside 0..2^32-1");
    }
    if (payload.length > RtmpSettings.MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds "
          + RtmpSettings.MAX_MESSAGE_LENGTH);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RtmpMessage m && m.typeId == typeId && m.streamId == streamId
        && m.timestamp == timestamp && Arrays.equals(m.payload, payload);
  }

  @Override
  public int hashCode() {
    return ((typeId * 31 + streamId) * 31 + Long.hashCode(timestamp)) * 31
        + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    String head = HexFormat.of().formatHex(payload, 0, Math.min(payload.length, 16));
    return "RtmpMessage[type=" + typeId + ", stream=" + streamId + ", ts=" + timestamp + ", "
        + payload.length + " bytes " + head + (payload.length > 16 ? "...]" : "]");
  }
}
