package io.captiond.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes Java values as AMF0 (AMF0 specification section 2), the inverse of {@link Amf0Decoder}.
 * Integers and longs are written as numbers; a string longer than 65535 UTF-8 bytes as a long
 * string. A value of another class is a programming error ({@link IllegalArgumentException}).
 */
public final class Amf0Encoder {

  private Amf0Encoder() {}

  public static byte[] encodeAll(List<?> values) {
    ByteBuf out = Unpooled.buffer();
    for (Object value : values) {
      encode(value, out);
    }
    return ByteBufUtil.getBytes(out);
  }

  public static byte[] encodeAll(Object... values) {
    return encodeAll(Arrays.asList(values));
  }

  public static void encode(Object value, ByteBuf out) {
    if (value == null) {
      out.writeByte(Amf0.NULL);
    } else if (value instanceof Number n) {
      out.writeByte(Amf0.NUMBER);
      out.writeDouble(n.doubleValue());
    } else if (value instanceof Boolean b) {
      out.writeByte(Amf0.BOOLEAN);
      out.writeByte(b ? 1 : 0);
    } else if (value instanceof String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      if (bytes.length <= 0xFFFF) {
        out.writeByte(Amf0.STRING);
        out.writeShort(bytes.length);
      } else {
        out.writeByte(Amf0.LONG_STRING);
        out.writeInt(bytes.length);
      }
      out.writeBytes(bytes);
    } else if (value instanceof Amf0.Undefined) {
      out.writeByte(Amf0.UNDEFINED);
    } else if (value instanceof Map<?, ?> map) {
      out.writeByte(Amf0.OBJECT);
      properties(map, out);
    } else if (value instanceof Amf0.EcmaArray array) {
      out.writeByte(Amf0.ECMA_ARRAY);
      out.writeInt(array.entries().size());
      properties(array.entries(), out);
    } else if (value instanceof List<?> list) {
      out.writeByte(Amf0.STRICT_ARRAY);
      out.writeInt(list.size());
      for (Object element : list) {
        encode(element, out);
      }
    } else if (value instanceof Amf0.Date date) {
      out.writeByte(Amf0.DATE);
      out.writeDouble(date.millis());
      out.writeShort(date.timeZone());
    } else {
      throw new IllegalArgumentException("no AMF0 form for " + value.getClass().getName());
    }
  }

  private static void properties(Map<?, ?> map, ByteBuf out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      byte[] key = String.valueOf(e.getKey()).getBytes(StandardCharsets.UTF_8);
      if (key.length == 0 || key.length > 0xFFFF) {
        throw new IllegalArgumentException("AMF0 property names are 1..65535 bytes, got "
            + key.length);
      }
      out.writeShort(key.length);
      out.writeBytes(key);
      encode(e.getValue(), out);
    }
    out.writeShort(0);
    out.writeByte(Amf0.OBJECT_END);
  }
}
