package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ChunkDecoder} and {@link ChunkEncoder} against the table in {@link RtmpVectors}. */
class ChunkCodecTest {

  static Stream<RtmpVectors.ChunkCase> allCases() {
    return RtmpVectors.CHUNKS.stream();
  }

  static Stream<RtmpVectors.ChunkCase> encodableCases() {
    return RtmpVectors.CHUNKS.stream().filter(RtmpVectors.ChunkCase::encodable);
  }

  static ChunkDecoder decoder() {
    return new ChunkDecoder(65536, 1 << 20, 2 << 20, 16);
  }

  static List<RtmpMessage> decodeAll(ChunkDecoder decoder, ByteBuf in) {
    List<RtmpMessage> out = new ArrayList<>();
    RtmpMessage m;
    while ((m = decoder.decode(in)) != null) {
      out.add(m);
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  void decoderReadsTheTableBytesBack(RtmpVectors.ChunkCase c) {
    ByteBuf in = Unpooled.wrappedBuffer(c.bytes());
    assertEquals(c.messages(), decodeAll(decoder(), in));
    assertEquals(0, in.readableBytes());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allCases")
  void decoderReadsTheTableBytesFedOneByteAtATime(RtmpVectors.ChunkCase c) {
    ChunkDecoder decoder = decoder();
    ByteBuf in = Unpooled.buffer();
    List<RtmpMessage> out = new ArrayList<>();
    for (byte b : c.bytes()) {
      in.writeByte(b);
      out.addAll(decodeAll(decoder, in));
      in.discardReadBytes();
    }
    assertEquals(c.messages(), out);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodableCases")
  void encoderWritesExactlyTheTableBytes(RtmpVectors.ChunkCase c) {
    ByteBuf out = Unpooled.buffer();
    new ChunkEncoder(128).encode(c.chunkStreamId(), c.messages().get(0), out);
    HexFormat hex = HexFormat.of();
    assertEquals(hex.formatHex(c.bytes()), hex.formatHex(ByteBufUtil.getBytes(out)));
  }

  @Test
  void controlMessagesDecodeToTheRecordsThatEncodedThem() {
    List<ControlMessage> all = List.of(new ControlMessage.SetChunkSize(4096),
        new ControlMessage.Abort(7), new ControlMessage.Acknowledgement(0xFFFFFFFFL),
        new ControlMessage.WindowAckSize(2_500_000),
        new ControlMessage.SetPeerBandwidth(5_000_000, ControlMessage.SetPeerBandwidth.HARD));
    for (ControlMessage c : all) {
      assertEquals(c, ControlMessage.decode(c.toMessage()));
    }
    List<UserControl> events = List.of(new UserControl.StreamBegin(1),
        new UserControl.PingRequest(123456), new UserControl.PingResponse(0xFFFFFFFFL),
        new UserControl.Other(UserControl.SET_BUFFER_LENGTH, RtmpVectors.hex("00000001 00000bb8")));
    for (UserControl u : events) {
      assertEquals(u, UserControl.decode(u.toMessage()));
    }
  }

  @Test
  void encoderUsesTheChunkSizeItWasGiven() {
    ByteBuf out = Unpooled.buffer();
    byte[] payload = RtmpVectors.filler(10_000);
    new ChunkEncoder(4096).encode(6, RtmpVectors.msg(9, 1, 0, payload), out);
    // 12-byte type 0 header, 4096 bytes, 1-byte type 3 header, 4096 bytes, 1 byte, 1808 bytes.
    assertEquals(12 + 10_000 + 2, out.readableBytes());
    ChunkDecoder decoder = decoder();
    decoder.decode(Unpooled.wrappedBuffer(encode(new ControlMessage.SetChunkSize(4096).toMessage())));
    RtmpMessage back = decoder.decode(out);
    assertArrayEquals(payload, back.payload());
    assertNull(decoder.decode(out));
  }

  private static byte[] encode(RtmpMessage message) {
    ByteBuf out = Unpooled.buffer();
    new ChunkEncoder(128).encode(2, message, out);
    return ByteBufUtil.getBytes(out);
  }
}
