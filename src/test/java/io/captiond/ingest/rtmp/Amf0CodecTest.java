package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Amf0Decoder} and {@link Amf0Encoder} against the table in {@link RtmpVectors}. */
class Amf0CodecTest {

  static Stream<RtmpVectors.AmfCase> cases() {
    return RtmpVectors.AMF.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decoderReadsTheTableBytesBack(RtmpVectors.AmfCase c) {
    assertEquals(java.util.Arrays.asList(c.value()), new Amf0Decoder(8).decodeAll(c.bytes()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void encoderWritesExactlyTheTableBytes(RtmpVectors.AmfCase c) {
    assertArrayEquals(c.bytes(), Amf0Encoder.encodeAll(java.util.Arrays.asList(c.value())));
  }

  @Test
  void connectFromFfmpegParsesToAConnectCommand() {
    byte[] bytes = Amf0Encoder.encodeAll("connect", 1.0, RtmpVectors.map("app", "live"));
    Command command = Command.parse(new Amf0Decoder(8).decodeAll(bytes));
    assertEquals("live", ((Command.Connect) command).app());
  }

  @Test
  void commandsParseToTheirRecords() {
    Amf0Decoder decoder = new Amf0Decoder(8);
    assertEquals(new Command.Publish(5.0, "secret", "live"), Command.parse(decoder.decodeAll(
        Amf0Encoder.encodeAll("publish", 5.0, null, "secret", "live"))));
    assertEquals(new Command.CreateStream(4.0), Command.parse(decoder.decodeAll(
        Amf0Encoder.encodeAll("createStream", 4.0, null))));
    assertEquals(new Command.ReleaseStream(2.0, "secret"), Command.parse(decoder.decodeAll(
        Amf0Encoder.encodeAll("releaseStream", 2.0, null, "secret"))));
    assertEquals(new Command.FCPublish(3.0, "secret"), Command.parse(decoder.decodeAll(
        Amf0Encoder.encodeAll("FCPublish", 3.0, null, "secret"))));
    assertEquals(new Command.FCUnpublish(6.0, "secret"), Command.parse(decoder.decodeAll(
        Amf0Encoder.encodeAll("FCUnpublish", 6.0, null, "secret"))));
    assertEquals(new Command.DeleteStream(7.0, 1.0), Command.parse(decoder.decodeAll(
        Amf0Encoder.encodeAll("deleteStream", 7.0, null, 1.0))));
  }

  @Test
  void setDataFrameCarriesOnMetaData() {
    byte[] bytes = Amf0Encoder.encodeAll("@setDataFrame", "onMetaData",
        new Amf0.EcmaArray(RtmpVectors.map("width", 320.0)));
    MetaData meta = MetaData.parse(new Amf0Decoder(8).decodeAll(bytes)).orElseThrow();
    assertEquals(320.0, meta.properties().get("width"));
  }

  @Test
  void repliesHaveTheShapePublishersExpect() {
    List<Object> result = new Amf0Decoder(8).decodeAll(
        Replies.message(0, Replies.connectResult(1.0)).payload());
    assertEquals("_result", result.get(0));
    assertEquals(1.0, result.get(1));
    assertEquals("NetConnection.Connect.Success",
        ((java.util.Map<?, ?>) result.get(3)).get("code"));
    List<Object> badName = new Amf0Decoder(8).decodeAll(
        Replies.message(1, Replies.publishBadName("k", "no")).payload());
    assertEquals(List.of("onStatus", 0.0), badName.subList(0, 2));
    assertEquals("NetStream.Publish.BadName", ((java.util.Map<?, ?>) badName.get(3)).get("code"));
    assertEquals("error", ((java.util.Map<?, ?>) badName.get(3)).get("level"));
  }
}
