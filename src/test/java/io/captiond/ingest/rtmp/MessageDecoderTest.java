package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Raw messages of each type id become their typed record, or a message layer exception. */
class MessageDecoderTest {

  private final MessageDecoder decoder = new MessageDecoder(8);

  private static RtmpMessage command(int streamId, Object... values) {
    return new RtmpMessage(RtmpMessage.COMMAND_AMF0, streamId, 0, Amf0Encoder.encodeAll(values));
  }

  @Test
  void controlMessagesBecomeControlRecords() {
    for (ControlMessage control : List.of(new ControlMessage.SetChunkSize(4096),
        new ControlMessage.Abort(4), new ControlMessage.Acknowledgement(10),
        new ControlMessage.WindowAckSize(5000), new ControlMessage.SetPeerBandwidth(5000, 2))) {
      assertEquals(new Message.Control(control), decoder.decode(control.toMessage()));
    }
  }

  @Test
  void aControlMessageOfTheWrongSizeIsAMessageException() {
    MessageException e = assertThrows(MessageException.class, () -> decoder.decode(
        RtmpVectors.msg(RtmpMessage.WINDOW_ACK_SIZE, 0, 0, RtmpVectors.hex("0102"))));
    assertTrue(e.getMessage().contains("has 2 bytes; it must have 4"), e.getMessage());
  }

  @Test
  void userControlEventsBecomeUserEvents() {
    assertEquals(new Message.UserEvent(new UserControl.PingRequest(7)),
        decoder.decode(new UserControl.PingRequest(7).toMessage()));
    assertThrows(MessageException.class, () -> decoder.decode(
        RtmpVectors.msg(RtmpMessage.USER_CONTROL, 0, 0, RtmpVectors.hex("00"))));
  }

  @Test
  void commandsKeepTheMessageStreamTheyCameOn() {
    assertEquals(new Message.CommandMessage(1, new Command.Publish(5.0, "secret", "live")),
        decoder.decode(command(1, "publish", 5.0, null, "secret", "live")));
  }

  @Test
  void anAmf3CommandWithItsFormatByteIsReadAsAmf0() {
    byte[] body = RtmpVectors.concat(new byte[] {0},
        Amf0Encoder.encodeAll("createStream", 4.0, null));
    assertEquals(new Message.CommandMessage(0, new Command.CreateStream(4.0)),
        decoder.decode(RtmpVectors.msg(RtmpMessage.COMMAND_AMF3, 0, 0, body)));
  }

  @Test
  void anAmf3MessageWithoutTheAmf0FormatByteIsAMessageException() {
    MessageException e = assertThrows(MessageException.class, () -> decoder.decode(
        RtmpVectors.msg(RtmpMessage.DATA_AMF3, 1, 0, RtmpVectors.hex("11 02"))));
    assertTrue(e.getMessage().contains("format byte 0"), e.getMessage());
  }

  @Test
  void dataMessagesCarryTheirValuesAndReadMetaData() {
    Message message = decoder.decode(new RtmpMessage(RtmpMessage.DATA_AMF0, 1, 0,
        Amf0Encoder.encodeAll("@setDataFrame", "onMetaData",
            new Amf0.EcmaArray(RtmpVectors.map("width", 320.0)))));
    Message.Data data = assertInstanceOf(Message.Data.class, message);
    assertEquals(320.0, data.metaData().orElseThrow().properties().get("width"));
    Message.Data notMeta = new Message.Data(1, List.of("onTextData"));
    assertEquals(Optional.empty(), notMeta.metaData());
  }

  @Test
  void audioAndVideoCarryTheirParsedTags() {
    Message.Audio audio = assertInstanceOf(Message.Audio.class, decoder.decode(
        RtmpVectors.msg(RtmpMessage.AUDIO, 1, 23, RtmpVectors.hex("af01 21100465"))));
    assertEquals(23, ((AudioPacket) audio.media()).timestamp());
    Message.Video video = assertInstanceOf(Message.Video.class, decoder.decode(
        RtmpVectors.msg(RtmpMessage.VIDEO, 1, 40, RtmpVectors.hex("1701000028 0000000165"))));
    assertTrue(((VideoPacket) video.media()).keyframe());
  }

  @Test
  void typesAPublishingServerDoesNotUseAreUnhandledNotErrors() {
    for (int type : new int[] {RtmpMessage.AGGREGATE, RtmpMessage.SHARED_OBJECT_AMF0, 7, 200}) {
      assertEquals(new Message.Unhandled(type, 1),
          decoder.decode(RtmpVectors.msg(type, 1, 0, RtmpVectors.hex("00"))));
    }
  }

  @Test
  void endOfPublishCommandsAreReadWithANumberAStringOrNothing() {
    assertEquals(new Command.DeleteStream(7.0, 1.0),
        commandOf(command(0, "deleteStream", 7.0, null, 1.0)));
    assertEquals(new Command.DeleteStream(7.0, OptionalDouble.empty(), Optional.of("secret")),
        commandOf(command(0, "deleteStream", 7.0, null, "secret")));
    assertEquals(new Command.DeleteStream(7.0, OptionalDouble.empty(), Optional.empty()),
        commandOf(command(0, "deleteStream", 7.0, null)));
    assertEquals(new Command.FCUnpublish(6.0, Optional.empty()),
        commandOf(command(0, "FCUnpublish", 6.0, null, 1.0)));
    assertEquals(new Command.FCUnpublish(6.0, Optional.empty()),
        commandOf(command(0, "FCUnpublish", 6.0, null)));
  }

  private Command commandOf(RtmpMessage m) {
    return ((Message.CommandMessage) decoder.decode(m)).command();
  }
}
