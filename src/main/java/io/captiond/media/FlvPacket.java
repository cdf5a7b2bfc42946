package io.captiond.media;

/**
 * What one FLV tag is to the HLS muxer, read as FFmpeg's FLV demuxer reads it (FLV specification v10.1,
 * annex E.4.2.2 AACAUDIODATA and E.4.3.1 VIDEODATA / AVCVIDEOPACKET): a sequence header (the track's
 * codec configuration, no packet), a frame (the payload that becomes the packet: AAC raw after the
 * 2-byte header, AVCC NAL units after the 5-byte one; dts the tag time, pts dts plus the signed
 * CompositionTime, key for every audio frame and for video FrameType 1), or nothing for the muxer
 * (script data, end of sequence).
 *
 * @param offset where the payload starts in the tag's buffer
 * @param length payload bytes
 */
record FlvPacket(Kind kind, long dtsMs, long ptsMs, boolean key, int offset, int length) {

  enum Kind { AUDIO_CONFIG, VIDEO_CONFIG, AUDIO, VIDEO, NONE }

  static final int AUDIO_TAG = 8;
  static final int VIDEO_TAG = 9;
  private static final int SOUND_AAC = 10;
  private static final int CODEC_AVC = 7;
  private static final int FRAME_KEY = 1;
  /** E.4.3.1: FrameType 5 is a video info or command frame, no picture. */
  private static final int FRAME_COMMAND = 5;

  /**
   * Reads the tag whose body is {@code length} bytes of {@code buffer} from {@code offset}.
   *
   * @throws FlvTagException for a tag no demuxer would make a packet of: not AAC or AVC, an unknown
   *     packet type, a body shorter than its header
   */
  static FlvPacket read(int type, long timestampMs, byte[] buffer, int offset, int length) {
    if (type == AUDIO_TAG) {
      return audio(timestampMs, buffer, offset, length);
    }
    if (type == VIDEO_TAG) {
      return video(timestampMs, buffer, offset, length);
    }
    return none(timestampMs);
  }

  private static FlvPacket audio(long timestampMs, byte[] buffer, int offset, int length) {
    if (length < 2) {
      throw new FlvTagException("an audio tag of " + length + " bytes, shorter than the 2-byte AAC header");
    }
    int format = (buffer[offset] & 0xFF) >>> 4;
    if (format != SOUND_AAC) {
      throw new FlvTagException("an audio tag with SoundFormat " + format + "; only AAC (10) is remuxed");
    }
    return switch (buffer[offset + 1]) {
      case 0 -> new FlvPacket(Kind.AUDIO_CONFIG, timestampMs, timestampMs, false, offset + 2, length - 2);
      case 1 -> length == 2 ? none(timestampMs)
          : new FlvPacket(Kind.AUDIO, timestampMs, timestampMs, true, offset + 2, length - 2);
      default -> throw new FlvTagException("an AAC tag with AACPacketType " + (buffer[offset + 1] & 0xFF)
          + "; allowed 0 (sequence header) or 1 (raw)");
    };
  }

  private static FlvPacket video(long timestampMs, byte[] buffer, int offset, int length) {
    if (length < 1) {
      throw new FlvTagException("an empty video tag");
    }
    int frameType = (buffer[offset] & 0xFF) >>> 4;
    int codec = buffer[offset] & 0x0F;
    if (frameType == FRAME_COMMAND) {
      return none(timestampMs);
    }
    if ((buffer[offset] & 0x80) != 0 || codec != CODEC_AVC) {
      throw new FlvTagException("a video tag with CodecID " + codec + (frameType > 7 ? " under an Enhanced RTMP header" : "")
          + "; only AVC (7) is remuxed");
    }
    if (length < 5) {
      throw new FlvTagException("an AVC tag of " + length + " bytes, shorter than the 5-byte AVC header");
    }
    int composition = ((buffer[offset + 2] & 0xFF) << 16 | (buffer[offset + 3] & 0xFF) << 8
        | (buffer[offset + 4] & 0xFF)) << 8 >> 8; // SI24
    return switch (buffer[offset + 1]) {
      case 0 -> new FlvPacket(Kind.VIDEO_CONFIG, timestampMs, timestampMs, false, offset + 5, length - 5);
      case 1 -> length == 5 ? none(timestampMs) : new FlvPacket(Kind.VIDEO, timestampMs,
          timestampMs + composition, frameType == FRAME_KEY, offset + 5, length - 5);
      case 2 -> none(timestampMs);
      default -> throw new FlvTagException("an AVC tag with AVCPacketType " + (buffer[offset + 1] & 0xFF)
          + "; allowed 0 (sequence header), 1 (NAL units) or 2 (end of sequence)");
    };
  }

  private static FlvPacket none(long timestampMs) {
    return new FlvPacket(Kind.NONE, timestampMs, timestampMs, false, 0, 0);
  }
}
