package io.captiond.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads AMF0 values (AMF0 specification section 2) into the Java shapes {@link Amf0} lists. Rejects
 * with {@link Amf0Exception}: truncation, markers outside that list (references, typed objects,
 * AMF3 switch), invalid UTF-8, and nesting deeper than the configured limit. Counts on the wire
 * never size an allocation.
 */
public final class Amf0Decoder {

  private final int maxDepth;

  public Amf0Decoder(int maxDepth) {
    this.maxDepth = maxDepth;
  }

  /** Every value in {@code bytes}, in order (a command or data message body). */
  public List<Object> decodeAll(byte[] bytes) {
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    List<Object> values = new ArrayList<>();
    while (in.isReadable()) {
      values.add(decode(in));
    }
    return values;
  }

  /** One value from {@code in}. */
  public Object decode(ByteBuf in) {
    return value(in, 0);
  }

  private Object value(ByteBuf in, int depth) {
    need(in, 1, "a type marker");
    int marker = in.readUnsignedByte();
    switch (marker) {
      case Amf0.NUMBER:
        need(in, 8, "a number");
        return in.readDouble();
      case Amf0.BOOLEAN:
        need(in, 1, "a boolean");
        return in.readByte() != 0;
      case Amf0.STRING:
        return utf8(in, 2);
      case Amf0.LONG_STRING:
        return utf8(in, 4);
      case Amf0.OBJECT:
        return Collections.unmodifiableMap(properties(in, deeper(depth)));
      case Amf0.NULL:
        return null;
      case Amf0.UNDEFINED:
        return Amf0.Undefined.INSTANCE;
      case Amf0.ECMA_ARRAY:
        need(in, 4, "an ECMA array count");
        in.skipBytes(4);
        return new Amf0.EcmaArray(properties(in, deeper(depth)));
      case Amf0.STRICT_ARRAY:
        return strictArray(in, deeper(depth));
      case Amf0.DATE:
        need(in, 10, "a date");
        return new Amf0.Date(in.readDouble(), in.readShort());
      case Amf0.OBJECT_END:
        throw new Amf0Exception("object end marker 0x09 outside an object at offset "
            + (in.readerIndex() - 1));
      default:
        throw new Amf0Exception("AMF0 marker 0x" + Integer.toHexString(marker) + " at offset "
            + (in.readerIndex() - 1) + " is not supported; supported: 0x00-0x03, 0x05, 0x06,"
            + " 0x08-0x0C");
    }
  }

  private int deeper(int depth) {
    if (depth + 1 > maxDepth) {
      throw new Amf0Exception("AMF0 nesting depth " + (depth + 1) + " exceeds the limit "
          + maxDepth);
    }
    return depth + 1;
  }

  /** Section 2.5: name/value pairs ended by an empty name and the object end marker. */
  private Map<String, Object> properties(ByteBuf in, int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    while (true) {
      String key = utf8(in, 2);
      if (key.isEmpty()) {
        need(in, 1, "the object end marker");
        int marker = in.readUnsignedByte();
        if (marker != Amf0.OBJECT_END) {
          throw new Amf0Exception("empty property name followed by marker 0x"
              + Integer.toHexString(marker) + " at offset " + (in.readerIndex() - 1)
              + "; only the object end marker 0x09 may follow it");
        }
        return map;
      }
      map.put(key, value(in, depth));
    }
  }

  private List<Object> strictArray(ByteBuf in, int depth) {
    need(in, 4, "a strict array count");
    long count = in.readUnsignedInt();
    if (count > in.readableBytes()) {
      throw new Amf0Exception("strict array announces " + count + " values but only "
          + in.readableBytes() + " bytes follow");
    }
    List<Object> list = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      list.add(value(in, depth));
    }
    return Collections.unmodifiableList(list);
  }

  private static String utf8(ByteBuf in, int lengthBytes) {
    need(in, lengthBytes, "a string length");
    long length = lengthBytes == 2 ? in.readUnsignedShort() : in.readUnsignedInt();
    if (length > in.readableBytes()) {
      throw new Amf0Exception("string of " + length + " bytes at offset " + in.readerIndex()
          + " but only " + in.readableBytes() + " bytes follow");
    }
    ByteBuffer bytes = in.nioBuffer(in.readerIndex(), (int) length);
    in.skipBytes((int) length);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw new Amf0Exception("string of " + length + " bytes is not valid UTF-8");
    }
  }

  private static void need(ByteBuf in, int bytes, String what) {
    if (in.readableBytes() < bytes) {
      throw new Amf0Exception("truncated AMF0: " + what + " needs " + bytes + " bytes at offset "
          + in.readerIndex() + ", " + in.readableBytes() + " left");
    }
  }
}
