package io.captiond.ingest.rtmp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AMF0 (Adobe AMF0 specification, section 2) markers and the Java shape of its values:
 *
 * <table>
 *   <tr><th>AMF0</th><th>Java</th></tr>
 *   <tr><td>number (0x00)</td><td>{@link Double}</td></tr>
 *   <tr><td>boolean (0x01)</td><td>{@link Boolean}</td></tr>
 *   <tr><td>string (0x02), long string (0x0C)</td><td>{@link String}</td></tr>
 *   <tr><td>object (0x03) ... object end (0x09)</td><td>{@link Map} (insertion order kept)</td></tr>
 *   <tr><td>null (0x05)</td><td>{@code null}</td></tr>
 *   <tr><td>undefined (0x06)</td><td>{@link Undefined#INSTANCE}</td></tr>
 *   <tr><td>ECMA array (0x08)</td><td>{@link EcmaArray}</td></tr>
 *   <tr><td>strict array (0x0A)</td><td>{@link java.util.List}</td></tr>
 *   <tr><td>date (0x0B)</td><td>{@link Date}</td></tr>
 * </table>
 */
public final class Amf0 {

  public static final int NUMBER = 0x00;
  public static final int BOOLEAN = 0x01;
  public static final int STRING = 0x02;
  public static final int OBJECT = 0x03;
  public static final int NULL = 0x05;
  public static final int UNDEFINED = 0x06;
  public static final int ECMA_ARRAY = 0x08;
  public static final int OBJECT_END = 0x09;
  public static final int STRICT_ARRAY = 0x0A;
  public static final int DATE = 0x0B;
  public static final int LONG_STRING = 0x0C;

  private Amf0() {}

  /** The undefined value, distinct from AMF0 null. */
  public enum Undefined { INSTANCE }

  /** An associative array; the count on the wire is a hint and is not kept. */
  public record EcmaArray(Map<String, Object> entries) {
    public EcmaArray {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }
  }

  /** Milliseconds since the epoch (UTC) and the time zone field, which section 2.13 says to ignore. */
  public record Date(double millis, short timeZone) {}
}
