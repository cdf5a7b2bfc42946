package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each kind of bad input raises its own exception type, naming the value and the limit. */
class RejectsBadInputTest {

  private static ChunkDecoder decoder() {
    return new ChunkDecoder(65536, 1 << 20, 2 << 20, 4);
  }

  private static <T extends Throwable> String assertRejected(Class<T> type, Executable body,
      String... mentions) {
    T e = assertThrows(type, body);
    for (String mention : mentions) {
      assertTrue(e.getMessage().contains(mention), "'" + e.getMessage() + "' lacks " + mention);
    }
    return e.getMessage();
  }

  @Test
  void randomBytesInsteadOfAHandshakeAreAHandshakeException() {
    Random random = new Random(11);
    for (int i = 0; i < 100; i++) {
      byte[] garbage = new byte[1 + random.nextInt(4000)];
      random.nextBytes(garbage);
      if (garbage[0] == 3) {
        garbage[0] = 4;
      }
      int version = garbage[0] & 0xFF;
      assertRejected(HandshakeException.class,
          () -> new HandshakeDecoder().decode(Unpooled.wrappedBuffer(garbage)),
          "version byte is " + version, "only 3");
    }
  }

  @Test
  void aTruncatedHandshakeOnlyWaits() {
    HandshakeDecoder handshake = new HandshakeDecoder();
    assertNull(handshake.decode(Unpooled.wrappedBuffer(new byte[] {3, 1, 2, 3})));
  }

  @Test
  void chunkSizeWithTheHighBitSetIsRejected() {
    byte[] bytes = RtmpVectors.hex("02 000000 000004 01 00000000 80000000");
    assertRejected(ChunkException.class,
        () -> decoder().decode(Unpooled.wrappedBuffer(bytes)), "2147483648", "high bit",
        "1..65536");
  }

  @Test
  void chunkSizeAboveTheConfiguredLimitIsRejected() {
    byte[] bytes = RtmpVectors.hex("02 000000 000004 01 00000000 00010001");
    assertRejected(ChunkException.class,
        () -> decoder().decode(Unpooled.wrappedBuffer(bytes)), "65537", "1..65536");
  }

  @Test
  void chunkSizeZeroIsRejected() {
    byte[] bytes = RtmpVectors.hex("02 000000 000004 01 00000000 00000000");
    assertRejected(ChunkException.class,
        () -> decoder().decode(Unpooled.wrappedBuffer(bytes)), "Set Chunk Size 0");
  }

  @Test
  void aType1HeaderOnAnUnknownChunkStreamIsRejected() {
    byte[] bytes = RtmpVectors.hex("45 000014 000003 08 aabbcc");
    assertRejected(ChunkException.class,
        () -> decoder().decode(Unpooled.wrappedBuffer(bytes)), "type 1", "chunk stream 5",
        "type 0");
  }

  @Test
  void aMessageLongerThanTheLimitIsRejected() {
    byte[] bytes = RtmpVectors.hex("04 000000 100001 09 01000000");
    assertRejected(MessageTooLongException.class,
        () -> decoder().decode(Unpooled.wrappedBuffer(bytes)), "1048577", "limit 1048576");
  }

  @Test
  void tooManyChunkStreamsAreRejected() {
    ChunkDecoder decoder = decoder();
    ByteBuf in = Unpooled.buffer();
    for (int id = 3; id < 8; id++) {
      in.writeBytes(RtmpVectors.hex(String.format("%02x 000000 000001 08 01000000 aa", id)));
    }
    assertRejected(ChunkException.class, () -> {
      while (decoder.decode(in) != null) {
        // keep reading
      }
    }, "chunk stream 7", "limit 4");
  }

  @Test
  void aNewHeaderInTheMiddleOfAMessageIsRejected() {
    byte[] bytes = RtmpVectors.concat(RtmpVectors.hex("04 000000 0000c8 09 01000000"),
        new byte[128], RtmpVectors.hex("04 000000 000001 09 01000000 aa"));
    assertRejected(ChunkException.class,
        () -> decoder().decode(Unpooled.wrappedBuffer(bytes)), "128 of 200");
  }

  @Test
  void pendingBytesAcrossChunkStreamsAreBounded() {
    ChunkDecoder decoder = new ChunkDecoder(128, 1000, 1000, 16);
    ByteBuf in = Unpooled.buffer();
    for (int id = 3; id < 16; id++) {
      in.writeBytes(RtmpVectors.hex(String.format("%02x 000000 0003e8 09 01000000", id)));
      in.writeBytes(new byte[128]);
    }
    assertRejected(ChunkException.class, () -> decoder.decode(in), "limit 1000");
  }

  @Test
  void aCorruptChunkDecoderDrainsWhateverFollows() {
    ChunkDecoder decoder = decoder();
    assertThrows(ChunkException.class,
        () -> decoder.decode(Unpooled.wrappedBuffer(RtmpVectors.hex("45 000014 000003 08"))));
    ByteBuf more = Unpooled.wrappedBuffer(RtmpVectors.CHUNKS.get(0).bytes());
    assertNull(decoder.decode(more));
    assertEquals(0, more.readableBytes());
  }

  @Test
  void malformedAmfIsAnAmf0Exception() {
    Amf0Decoder amf = new Amf0Decoder(4);
    assertRejected(Amf0Exception.class, () -> amf.decodeAll(RtmpVectors.hex("02 0010 6162")),
        "16 bytes", "2 bytes follow");
    assertRejected(Amf0Exception.class, () -> amf.decodeAll(RtmpVectors.hex("00 3ff0")),
        "number needs 8 bytes");
    assertRejected(Amf0Exception.class, () -> amf.decodeAll(RtmpVectors.hex("11")),
        "marker 0x11");
    assertRejected(Amf0Exception.class, () -> amf.decodeAll(RtmpVectors.hex("09")),
        "object end marker");
    assertRejected(Amf0Exception.class,
        () -> amf.decodeAll(RtmpVectors.hex("0a ffffffff 05")), "4294967295 values");
    assertRejected(Amf0Exception.class, () -> amf.decodeAll(RtmpVectors.hex("02 0002 c328")),
        "not valid UTF-8");
    assertRejected(Amf0Exception.class,
        () -> amf.decodeAll(RtmpVectors.hex("03 0000 05")), "0x5", "0x09");
    byte[] deep = RtmpVectors.hex("0a00000001 0a00000001 0a00000001 0a00000001 0a00000001 05");
    assertRejected(Amf0Exception.class, () -> amf.decodeAll(deep), "depth 5", "limit 4");
  }

  @Test
  void aCommandWithoutNameOrTransactionIsAProtocolException() {
    assertRejected(ProtocolException.class,
        () -> Command.parse(new Amf0Decoder(4).decodeAll(RtmpVectors.hex("00 3ff0000000000000"))),
        "name string");
  }

  @Test
  void truncatedMediaTagsAreMediaExceptions() {
    assertRejected(MediaException.class, () -> FlvTags.video(0, RtmpVectors.hex("1701")),
        "2 bytes", "needs 5");
    assertRejected(MediaException.class, () -> FlvTags.audio(0, RtmpVectors.hex("af")),
        "AACPacketType");
    assertRejected(MediaException.class, () -> FlvTags.audio(0, RtmpVectors.hex("af00")),
        "truncated");
    assertRejected(MediaException.class, () -> FlvTags.video(0, RtmpVectors.hex("9068")),
        "FourCC");
  }
}
