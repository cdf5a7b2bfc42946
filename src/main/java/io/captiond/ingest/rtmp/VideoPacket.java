package io.captiond.ingest.rtmp;

/**
 * One H.264 video message (FLV spec E.4.3.1, CodecID 7), without the five tag header bytes. The
 * data array is owned by the packet: do not modify it.
 *
 * @param timestamp RTMP message timestamp in milliseconds: the decode time
 * @param compositionTime presentation time minus decode time, in milliseconds (may be negative)
 * @param keyframe FrameType 1
 * @param type which AVCPacketType
 * @param data AVCDecoderConfigurationRecord, or NAL units each prefixed by its length (AVCC)
 */
public record VideoPacket(long timestamp, int compositionTime, boolean keyframe, Type type,
    byte[] data) implements Media {

  public enum Type {
    /** AVCPacketType 0: AVCDecoderConfigurationRecord (ISO 14496-15 5.2.4.1). */
    SEQUENCE_HEADER,
    /** AVCPacketType 1: one or more NAL units. */
    NALUS,
    /** AVCPacketType 2: end of sequence, empty. */
    END_OF_SEQUENCE
  }

  /** Presentation time in milliseconds. */
  public long presentationTime() {
    return timestamp + compositionTime;
  }

  @Override
  public String toString() {
    return "VideoPacket[ts=" + timestamp + ", cts=" + compositionTime + ", "
        + (keyframe ? "key, " : "") + type + ", " + data.length + " bytes]";
  }
}
