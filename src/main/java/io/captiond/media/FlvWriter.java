package io.captiond.media;

import io.captiond.media.embed.FlvTag;
import java.io.ByteArrayOutputStream;

/**
 * Writes an FLV byte stream (FLV specification v10.1, annex E.2 header, E.3 body, E.4.1 tags) from
 * the elementary AAC and H.264 packets an RTMP publisher sent, so that FFmpeg's FLV demuxer can
 * read them from a pipe. Pure bytes: each method returns one block to append.
 */
public final class FlvWriter {

  static final int TAG_AUDIO = 8;
  static final int TAG_VIDEO = 9;
  private static final int SOUND_AAC_HEADER = 0xAF; // SoundFormat 10, 44 kHz, 16-bit, stereo (E.4.2.1: always so for AAC)
  private static final int CODEC_AVC = 7;

  private FlvWriter() {}

  /** The 9-byte header (E.2) and PreviousTagSize0. */
  public static byte[] header(boolean audio, boolean video) {
    int flags = (audio ? 0x04 : 0) | (video ? 0x01 : 0);
    return new byte[] {'F', 'L', 'V', 1, (byte) flags, 0, 0, 0, 9, 0, 0, 0, 0};
  }

  /** An AAC tag: sequence header (AudioSpecificConfig) or one raw frame. */
  public static byte[] audio(long timestampMs, boolean sequenceHeader, byte[] data) {
    return tag(TAG_AUDIO, timestampMs, audioBody(sequenceHeader, data));
  }

  /** The same tag as {@link #audio}, as a tag to pass on before it is written. */
  public static FlvTag audioTag(long timestampMs, boolean sequenceHeader, byte[] data) {
    return new FlvTag(TAG_AUDIO, timestampMs, audioBody(sequenceHeader, data));
  }

  private static byte[] audioBody(boolean sequenceHeader, byte[] data) {
    byte[] body = new byte[2 + data.length];
    body[0] = (byte) SOUND_AAC_HEADER;
    body[1] = (byte) (sequenceHeader ? 0 : 1);
    System.arraycopy(data, 0, body, 2, data.length);
    return body;
  }

  /**
   * An AVC tag.
   *
   * @param packetType 0 sequence header, 1 NAL units, 2 end of sequence (E.4.3.1 AVCPacketType)
   */
  public static byte[] video(long timestampMs, int compositionTime, boolean keyframe, int packetType,
      byte[] data) {
    return tag(TAG_VIDEO, timestampMs, videoBody(compositionTime, keyframe, packetType, data));
  }

  /** The same tag as {@link #video}, as a tag to pass on before it is written. */
  public static FlvTag videoTag(long timestampMs, int compositionTime, boolean keyframe, int packetType,
      byte[] data) {
    return new FlvTag(TAG_VIDEO, timestampMs, videoBody(compositionTime, keyframe, packetType, data));
  }

  private static byte[] videoBody(int compositionTime, boolean keyframe, int packetType, byte[] data) {
    byte[] body = new byte[5 + data.length];
    body[0] = (byte) ((keyframe ? 1 : 2) << 4 | CODEC_AVC);
    body[1] = (byte) packetType;
    body[2] = (byte) (compositionTime >> 16);
    body[3] = (byte) (compositionTime >> 8);
    body[4] = (byte) compositionTime;
    System.arraycopy(data, 0, body, 5, data.length);
    return body;
  }

  /** E.4.1: TagType, DataSize (UI24), Timestamp (UI24 + extended UI8), StreamID 0, body, PreviousTagSize. */
  static byte[] tag(int type, long timestampMs, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(11 + body.length + 4);
    int size = body.length;
    out.write(type);
    out.write(size >>> 16);
    out.write(size >>> 8);
    out.write(size);
    out.write((int) (timestampMs >>> 16));
    out.write((int) (timestampMs >>> 8));
    out.write((int) timestampMs);
    out.write((int) (timestampMs >>> 24));
    out.write(0);
    out.write(0);
    out.write(0);
    out.writeBytes(body);
    int previous = 11 + size;
    out.write(previous >>> 24);
    out.write(previous >>> 16);
    out.write(previous >>> 8);
    out.write(previous);
    return out.toByteArray();
  }
}
