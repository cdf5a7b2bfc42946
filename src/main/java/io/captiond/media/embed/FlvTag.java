package io.captiond.media.embed;

/**
 * One FLV tag (FLV specification v10.1, annex E.4.1): its type, timestamp in milliseconds (the
 * decode time for video) and body (the audio or video tag header and data). For H.264 video the
 * body starts with E.4.3.1's FrameType/CodecID byte, AVCPacketType and CompositionTime (SI24),
 * so its presentation time is {@code timestampMs + compositionTime()}.
 *
 * <p>The body array is owned by the tag: do not modify it.
 */
public record FlvTag(int type, long timestampMs, byte[] body) {

  public static final int AUDIO = 8;
  public static final int VIDEO = 9;
  public static final int SCRIPT_DATA = 18;
  static final int CODEC_AVC = 7;
  static final int AVC_SEQUENCE_HEADER = 0;
  static final int AVC_NALU = 1;
  /** E.4.3.1 VIDEODATA header: FrameType/CodecID, AVCPacketType, CompositionTime. */
  static final int AVC_HEADER_SIZE = 5;

  public FlvTag {
    if (timestampMs < 0) {
      throw new IllegalArgumentException("FLV timestamps are unsigned, was " + timestampMs);
    }
    if (body.length > 0xFFFFFF) {
      throw new IllegalArgumentException("an FLV tag body is at most 2^24-1 bytes, was " + body.length);
    }
  }

  public boolean isVideo() {
    return type == VIDEO;
  }

  /** H.264 in the classic FLV header (not an Enhanced RTMP ExHeader). */
  public boolean isAvc() {
    return type == VIDEO && body.length >= AVC_HEADER_SIZE && (body[0] & 0x80) == 0
        && (body[0] & 0x0F) == CODEC_AVC;
  }

  public boolean isAvcSequenceHeader() {
    return isAvc() && body[1] == AVC_SEQUENCE_HEADER;
  }

  /** An AVC tag holding one access unit's NAL units: a frame. */
  public boolean isAvcFrame() {
    return isAvc() && body[1] == AVC_NALU;
  }

  /** FrameType 1: a key frame (for AVC, a seekable frame); three bits under an Enhanced RTMP ExHeader. */
  public boolean isKeyframe() {
    return type == VIDEO && body.length > 0 && ((body[0] >> 4) & ((body[0] & 0x80) != 0 ? 0x07 : 0x0F)) == 1;
  }

  /** E.4.3.1 CompositionTime, a signed 24-bit offset in milliseconds; 0 for other tags. */
  public int compositionTime() {
    if (!isAvc()) {
      return 0;
    }
    int raw = (body[2] & 0xFF) << 16 | (body[3] & 0xFF) << 8 | (body[4] & 0xFF);
    return raw << 8 >> 8;
  }

  public long presentationMs() {
    return timestampMs + compositionTime();
  }

  /** The tag as written in an FLV file: 11-byte header, body, PreviousTagSize. */
  public byte[] toBytes() {
    byte[] out = new byte[11 + body.length + 4];
    int size = body.length;
    out[0] = (byte) type;
    out[1] = (byte) (size >>> 16);
    out[2] = (byte) (size >>> 8);
    out[3] = (byte) size;
    out[4] = (byte) (timestampMs >>> 16);
    out[5] = (byte) (timestampMs >>> 8);
    out[6] = (byte) timestampMs;
    out[7] = (byte) (timestampMs >>> 24); // TimestampExtended
    System.arraycopy(body, 0, out, 11, size);
    int previous = 11 + size;
    int at = 11 + size;
    out[at] = (byte) (previous >>> 24);
    out[at + 1] = (byte) (previous >>> 16);
    out[at + 2] = (byte) (previous >>> 8);
    out[at + 3] = (byte) previous;
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlvTag t && t.type == type && t.timestampMs == timestampMs
        && java.util.Arrays.equals(t.body, body);
  }

  @Override
  public int hashCode() {
    return (type * 31 + Long.hashCode(timestampMs)) * 31 + java.util.Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "FlvTag[type=" + type + ", ts=" + timestampMs + ", " + body.length + " bytes]";
  }
}
