package io.captiond.ingest.rtmp;

import java.util.Arrays;
import java.util.List;

/**
 * Reads a reassembled {@link RtmpMessage} (type id and payload) into a typed {@link Message}: the
 * layer gortmplib calls "message", between the chunk stream and the conversation. It keeps no
 * state between messages; malformed payloads raise {@link MessageException},
 * {@link Amf0Exception}, {@link MediaException} or (a command of the wrong shape)
 * {@link ProtocolException}.
 */
public final class MessageDecoder {

  private final Amf0Decoder amf;

  /** @param maxAmfDepth nesting depth of AMF0 values ({@link RtmpSettings#maxAmfDepth}) */
  public MessageDecoder(int maxAmfDepth) {
    this.amf = new Amf0Decoder(maxAmfDepth);
  }

  public Message decode(RtmpMessage m) {
    return switch (m.typeId()) {
      case RtmpMessage.SET_CHUNK_SIZE, RtmpMessage.ABORT, RtmpMessage.ACKNOWLEDGEMENT,
          RtmpMessage.WINDOW_ACK_SIZE, RtmpMessage.SET_PEER_BANDWIDTH ->
          new Message.Control(ControlMessage.decode(m));
      case RtmpMessage.USER_CONTROL -> new Message.UserEvent(UserControl.decode(m));
      case RtmpMessage.COMMAND_AMF0 -> command(m, amf.decodeAll(m.payload()));
      case RtmpMessage.COMMAND_AMF3 -> command(m, amf.decodeAll(amf0Body(m)));
      case RtmpMessage.DATA_AMF0 -> new Message.Data(m.streamId(), amf.decodeAll(m.payload()));
      case RtmpMessage.DATA_AMF3 -> new Message.Data(m.streamId(), amf.decodeAll(amf0Body(m)));
      case RtmpMessage.AUDIO ->
          new Message.Audio(m.streamId(), FlvTags.audio(m.timestamp(), m.payload()));
      case RtmpMessage.VIDEO ->
          new Message.Video(m.streamId(), FlvTags.video(m.timestamp(), m.payload()));
      default -> new Message.Unhandled(m.typeId(), m.streamId());
    };
  }

  private static Message command(RtmpMessage m, List<Object> values) {
    return new Message.CommandMessage(m.streamId(), Command.parse(values));
  }

  /** Section 7.1.1: an AMF3 command or data message starts with a format byte, 0 for AMF0. */
  private static byte[] amf0Body(RtmpMessage m) {
    if (m.payload().length == 0 || m.payload()[0] != 0) {
      throw new MessageException("AMF3 message type " + m.typeId()
          + " must start with format byte 0 (AMF0 body); AMF3 values are not supported");
    }
    return Arrays.copyOfRange(m.payload(), 1, m.payload().length);
  }
}
