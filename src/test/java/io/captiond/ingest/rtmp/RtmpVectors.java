package io.captiond.ingest.rtmp;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of exact bytes: chunk streams and AMF0 values as they appear on the wire, with what
 * they mean. Decoder tests read every row; encoder tests write the encodable rows; the fuzz test
 * mutates all of them.
 */
final class RtmpVectors {

  private RtmpVectors() {}

  /**
   * Bytes of a chunk stream starting at chunk size 128, and the messages they carry.
   *
   * @param chunkStreamId where the encoder must put the message (encodable rows only)
   * @param encodable whether {@link ChunkEncoder} writes exactly these bytes for the one message
   */
  record ChunkCase(String name, byte[] bytes, List<RtmpMessage> messages, int chunkStreamId,
      boolean encodable) {
    @Override
    public String toString() {
      return name;
    }
  }

  record AmfCase(String name, byte[] bytes, Object value) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final byte[] P4 = hex("01020304");
  static final byte[] P200 = filler(200);
  static final byte[] P130 = filler(130);

  static final List<ChunkCase> CHUNKS = List.of(
      new ChunkCase("type 0 header, one-byte basic header",
          hex("03 0003e8 000004 14 00000000 01020304"),
          List.of(msg(20, 0, 1000, P4)), 3, true),
      new ChunkCase("two-byte basic header (chunk stream 100)",
          hex("00 24 000000 000004 08 01000000 01020304"),
          List.of(msg(8, 1, 0, P4)), 100, true),
      new ChunkCase("three-byte basic header (chunk stream 400)",
          hex("01 5001 000000 000004 09 01000000 01020304"),
          List.of(msg(9, 1, 0, P4)), 400, true),
      new ChunkCase("extended timestamp",
          hex("04 ffffff 000004 08 01000000 01000000 01020304"),
          List.of(msg(8, 1, 0x01000000L, P4)), 4, true),
      new ChunkCase("message split into a type 0 chunk and a type 3 continuation",
          concat(hex("04 000028 0000c8 09 01000000"), Arrays.copyOfRange(P200, 0, 128),
              hex("c4"), Arrays.copyOfRange(P200, 128, 200)),
          List.of(msg(9, 1, 40, P200)), 4, true),
      new ChunkCase("type 3 continuation repeats the extended timestamp",
          concat(hex("04 ffffff 000082 09 01000000 fffffffe"), Arrays.copyOfRange(P130, 0, 128),
              hex("c4 fffffffe"), Arrays.copyOfRange(P130, 128, 130)),
          List.of(msg(9, 1, 0xFFFFFFFEL, P130)), 4, true),
      new ChunkCase("Set Chunk Size 4096",
          hex("02 000000 000004 01 00000000 00001000"),
          List.of(new ControlMessage.SetChunkSize(4096).toMessage()), 2, true),
      new ChunkCase("Window Acknowledgement Size 2500000",
          hex("02 000000 000004 05 00000000 002625a0"),
          List.of(new ControlMessage.WindowAckSize(2_500_000).toMessage()), 2, true),
      new ChunkCase("Set Peer Bandwidth 2500000 dynamic",
          hex("02 000000 000005 06 00000000 002625a0 02"),
          List.of(new ControlMessage.SetPeerBandwidth(2_500_000, 2).toMessage()), 2, true),
      new ChunkCase("Acknowledgement 4096",
          hex("02 000000 000004 03 00000000 00001000"),
          List.of(new ControlMessage.Acknowledgement(4096).toMessage()), 2, true),
      new ChunkCase("User Control Stream Begin 1",
          hex("02 000000 000006 04 00000000 0000 00000001"),
          List.of(new UserControl.StreamBegin(1).toMessage()), 2, true),
      new ChunkCase("type 1 header takes the stream id of the type 0 before it",
          hex("04 000064 000002 08 01000000 aaaa 44 000014 000003 08 bbbbbb"),
          List.of(msg(8, 1, 100, hex("aaaa")), msg(8, 1, 120, hex("bbbbbb"))), 4, false),
      new ChunkCase("type 2 header takes length and type too",
          hex("04 000064 000002 08 01000000 aaaa 84 000021 cccc"),
          List.of(msg(8, 1, 100, hex("aaaa")), msg(8, 1, 133, hex("cccc"))), 4, false),
      new ChunkCase("type 3 header starting a message repeats the last delta",
          hex("04 000064 000002 08 01000000 aaaa 44 000014 000001 08 bb c4 cc"),
          List.of(msg(8, 1, 100, hex("aaaa")), msg(8, 1, 120, hex("bb")),
              msg(8, 1, 140, hex("cc"))), 4, false),
      new ChunkCase("timestamp deltas wrap at 2^32",
          hex("04 ffffff 000001 08 01000000 fffffff0 aa 84 000020 bb"),
          List.of(msg(8, 1, 0xFFFFFFF0L, hex("aa")), msg(8, 1, 0x10, hex("bb"))), 4, false),
      new ChunkCase("Set Chunk Size applies to the next chunk",
          concat(hex("02 000000 000004 01 00000000 00000100"),
              hex("04 000000 0000c8 09 01000000"), P200),
          List.of(new ControlMessage.SetChunkSize(256).toMessage(), msg(9, 1, 0, P200)), 4, false),
      new ChunkCase("Abort discards the partly received message",
          concat(hex("04 000000 0000c8 09 01000000"), Arrays.copyOfRange(P200, 0, 128),
              hex("02 000000 000004 02 00000000 00000004"),
              hex("04 000005 000004 09 01000000 01020304")),
          List.of(new ControlMessage.Abort(4).toMessage(), msg(9, 1, 5, P4)), 4, false),
      new ChunkCase("interleaved chunk streams",
          concat(hex("04 000000 0000c8 09 01000000"), Arrays.copyOfRange(P200, 0, 128),
              hex("05 00000a 000004 08 01000000 01020304"),
              hex("c4"), Arrays.copyOfRange(P200, 128, 200)),
          List.of(msg(8, 1, 10, P4), msg(9, 1, 0, P200)), 4, false));

  static final List<AmfCase> AMF = List.of(
      new AmfCase("number 1.0", hex("00 3ff0000000000000"), 1.0),
      new AmfCase("boolean true", hex("01 01"), true),
      new AmfCase("boolean false", hex("01 00"), false),
      new AmfCase("string app", hex("02 0003 617070"), "app"),
      new AmfCase("empty string", hex("02 0000"), ""),
      new AmfCase("null", hex("05"), null),
      new AmfCase("undefined", hex("06"), Amf0.Undefined.INSTANCE),
      new AmfCase("object {app: live} with object end",
          hex("03 0003 617070 02 0004 6c697665 0000 09"), map("app", "live")),
      new AmfCase("ECMA array {duration: 0}",
          hex("08 00000001 0008 6475726174696f6e 00 0000000000000000 0000 09"),
          new Amf0.EcmaArray(map("duration", 0.0))),
      new AmfCase("strict array [1, a]", hex("0a 00000002 00 3ff0000000000000 02 0001 61"),
          List.of(1.0, "a")),
      new AmfCase("date 0 UTC", hex("0b 0000000000000000 0000"), new Amf0.Date(0.0, (short) 0)),
      new AmfCase("long string of 70000 bytes",
          concat(hex("0c 00011170"), "x".repeat(70000).getBytes()), "x".repeat(70000)),
      new AmfCase("nested object",
          hex("03 0001 61 03 0001 62 05 0000 09 0000 09"), map("a", map("b", null))));

  static RtmpMessage msg(int type, int stream, long timestamp, byte[] payload) {
    return new RtmpMessage(type, stream, timestamp, payload);
  }

  static Map<String, Object> map(String key, Object value) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(key, value);
    return map;
  }

  static byte[] hex(String spaced) {
    return HexFormat.of().parseHex(spaced.replace(" ", ""));
  }

  static byte[] filler(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i * 7 + 1);
    }
    return b;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
