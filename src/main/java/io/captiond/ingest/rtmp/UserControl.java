package io.captiond.ingest.rtmp;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * User control messages (RTMP 1.0 section 6.2, message type 4; events in section 7.1.7): a 2-byte
 * event type and its event data. Only the events a publishing server exchanges get a record.
 */
public sealed interface UserControl {

  int STREAM_BEGIN = 0;
  int STREAM_EOF = 1;
  int STREAM_DRY = 2;
  int SET_BUFFER_LENGTH = 3;
  int STREAM_IS_RECORDED = 4;
  int PING_REQUEST = 6;
  int PING_RESPONSE = 7;

  RtmpMessage toMessage();

  /** Event 0: the server tells the client a stream is ready. */
  record StreamBegin(int streamId) implements UserControl {
    public RtmpMessage toMessage() {
      return event(STREAM_BEGIN, ByteBuffer.allocate(4).putInt(streamId));
    }
  }

  /** Event 6: the peer asks to have its timestamp echoed. */
  record PingRequest(long timestamp) implements UserControl {
    public RtmpMessage toMessage() {
      return event(PING_REQUEST, ByteBuffer.allocate(4).putInt((int) timestamp));
    }
  }

  /** Event 7: the echo of a ping request's timestamp. */
  record PingResponse(long timestamp) implements UserControl {
    public RtmpMessage toMessage() {
      return event(PING_RESPONSE, ByteBuffer.allocate(4).putInt((int) timestamp));
    }
  }

  /** Any other event, kept as bytes (Set Buffer Length, Stream EOF, ...). */
  record Other(int eventType, byte[] data) implements UserControl {
    public RtmpMessage toMessage() {
      return event(eventType, ByteBuffer.wrap(data.clone()).position(data.length));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Other other && other.eventType == eventType
          && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
      return eventType * 31 + Arrays.hashCode(data);
    }
  }

  static UserControl decode(RtmpMessage message) {
    byte[] p = message.payload();
    if (p.length < 2) {
      throw new MessageException("user control message has " + p.length
          + " bytes; it needs at least 2 for the event type");
    }
    int event = (p[0] & 0xFF) << 8 | (p[1] & 0xFF);
    if (event == STREAM_BEGIN || event == PING_REQUEST || event == PING_RESPONSE) {
      if (p.length != 6) {
        throw new MessageException("user control event " + event + " has " + (p.length - 2)
            + " bytes of data; it must have 4");
      }
      long value = ByteBuffer.wrap(p, 2, 4).getInt() & 0xFFFFFFFFL;
      return switch (event) {
        case STREAM_BEGIN -> new StreamBegin((int) value);
        case PING_REQUEST -> new PingRequest(value);
        default -> new PingResponse(value);
      };
    }
    return new Other(event, Arrays.copyOfRange(p, 2, p.length));
  }

  private static RtmpMessage event(int eventType, ByteBuffer data) {
    byte[] body = Arrays.copyOf(data.array(), data.position());
    byte[] payload = new byte[2 + body.length];
    payload[0] = (byte) (eventType >>> 8);
    payload[1] = (byte) eventType;
    System.arraycopy(body, 0, payload, 2, body.length);
    return new RtmpMessage(RtmpMessage.USER_CONTROL, 0, 0, payload);
  }
}
