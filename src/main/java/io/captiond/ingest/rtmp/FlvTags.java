package io.captiond.ingest.rtmp;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads the FLV tag header at the start of an RTMP audio (type 8) or video (type 9) message: FLV
 * spec v10.1 annex E.4.2 (AUDIODATA, AACAUDIODATA) and E.4.3 (VIDEODATA, AVCVIDEOPACKET), and the
 * Enhanced RTMP extension (veovera enhanced-rtmp v1/v2: IsExHeader bit, FourCC).
 */
public final class FlvTags {

  static final int SOUND_FORMAT_AAC = 10;
  /** Enhanced RTMP v2: SoundFormat 9 means an extended audio header follows. */
  static final int SOUND_FORMAT_EX_HEADER = 9;
  static final int CODEC_ID_AVC = 7;
  static final int FRAME_TYPE_KEY = 1;
  static final int FRAME_TYPE_COMMAND = 5;
  private static final int EX_PACKET_TYPE_AUDIO_MULTITRACK = 5;
  private static final int EX_PACKET_TYPE_VIDEO_MULTITRACK = 6;
  private static final int EX_PACKET_TYPE_VIDEO_MODEX = 7;

  private FlvTags() {}

  public static Media audio(long timestamp, byte[] payload) {
    if (payload.length == 0) {
      return new Media.Ignored("empty audio message");
    }
    int soundFormat = (payload[0] & 0xFF) >>> 4;
    if (soundFormat == SOUND_FORMAT_EX_HEADER) {
      int packetType = payload[0] & 0x0F;
      if (packetType == EX_PACKET_TYPE_AUDIO_MULTITRACK) {
        return new UnsupportedCodec(UnsupportedCodec.Track.AUDIO, "multitrack",
            "Enhanced RTMP multitrack audio");
      }
      return new UnsupportedCodec(UnsupportedCodec.Track.AUDIO, fourCc(payload, "audio"),
          "Enhanced RTMP audio");
    }
    if (soundFormat != SOUND_FORMAT_AAC) {
      return new UnsupportedCodec(UnsupportedCodec.Track.AUDIO, "flv-audio-" + soundFormat,
          "FLV SoundFormat " + soundFormat + "; only 10 (AAC) is handled");
    }
    if (payload.length < 2) {
      throw new MediaException("AAC audio tag of " + payload.length
          + " byte lacks the AACPacketType byte");
    }
    byte[] data = Arrays.copyOfRange(payload, 2, payload.length);
    return switch (payload[1]) {
      case 0 -> {
        AudioSpecificConfig.parse(data);
        yield new AudioPacket(timestamp, AudioPacket.Type.SEQUENCE_HEADER, data);
      }
      case 1 -> new AudioPacket(timestamp, AudioPacket.Type.RAW, data);
      default -> throw new MediaException("AACPacketType " + (payload[1] & 0xFF)
          + "; allowed 0 (sequence header) or 1 (raw)");
    };
  }

  public static Media video(long timestamp, byte[] payload) {
    if (payload.length == 0) {
      return new Media.Ignored("empty video message");
    }
    int first = payload[0] & 0xFF;
    if ((first & 0x80) != 0) {
      int packetType = first & 0x0F;
      if (packetType == EX_PACKET_TYPE_VIDEO_MULTITRACK || packetType == EX_PACKET_TYPE_VIDEO_MODEX) {
        return new UnsupportedCodec(UnsupportedCodec.Track.VIDEO,
            packetType == EX_PACKET_TYPE_VIDEO_MODEX ? "modex" : "multitrack",
            "Enhanced RTMP video packet type " + packetType);
      }
      return new UnsupportedCodec(UnsupportedCodec.Track.VIDEO, fourCc(payload, "video"),
          "Enhanced RTMP video");
    }
    int frameType = first >>> 4;
    int codecId = first & 0x0F;
    if (frameType == FRAME_TYPE_COMMAND) {
      return new Media.Ignored("video info/command frame");
    }
    if (codecId != CODEC_ID_AVC) {
      return new UnsupportedCodec(UnsupportedCodec.Track.VIDEO, "flv-video-" + codecId,
          "FLV CodecID " + codecId + "; only 7 (AVC/H.264) is handled");
    }
    if (payload.length < 5) {
      throw new MediaException("AVC video tag of " + payload.length
          + " bytes; its header needs 5");
    }
    // SI24 composition time, E.4.3.1.
    int compositionTime = (payload[2] << 16) | (payload[3] & 0xFF) << 8 | (payload[4] & 0xFF);
    byte[] data = Arrays.copyOfRange(payload, 5, payload.length);
    boolean keyframe = frameType == FRAME_TYPE_KEY;
    VideoPacket.Type type = switch (payload[1]) {
      case 0 -> VideoPacket.Type.SEQUENCE_HEADER;
      case 1 -> VideoPacket.Type.NALUS;
      case 2 -> VideoPacket.Type.END_OF_SEQUENCE;
      default -> throw new MediaException("AVCPacketType " + (payload[1] & 0xFF)
          + "; allowed 0 (sequence header), 1 (NALUs), 2 (end of sequence)");
    };
    return new VideoPacket(timestamp, compositionTime, keyframe, type, data);
  }

  private static String fourCc(byte[] payload, String what) {
    if (payload.length < 5) {
      throw new MediaException("Enhanced RTMP " + what + " tag of " + payload.length
          + " bytes; its FourCC needs 5");
    }
    StringBuilder s = new StringBuilder(4);
    for (int i = 1; i < 5; i++) {
      int c = payload[i] & 0xFF;
      if (c < 0x20 || c > 0x7E) {
        return "0x" + HexFormat.of().formatHex(payload, 1, 5);
      }
      s.append((char) c);
    }
    return s.toString();
  }
}
