package io.captiond.ingest.rtmp;

/**
 * One AAC audio message (FLV spec E.4.2.1, SoundFormat 10): the AudioSpecificConfig sequence
 * header ({@link AudioSpecificConfig#parse}) or one raw AAC frame, without the two tag header
 * bytes. The data array is owned by the packet: do not modify it.
 *
 * @param timestamp RTMP message timestamp in milliseconds (32-bit wire clock)
 * @param type sequence header or raw frame
 * @param data the AudioSpecificConfig or the raw frame
 */
public record AudioPacket(long timestamp, Type type, byte[] data) implements Media {

  public enum Type {
    /** AACPacketType 0: AudioSpecificConfig (ISO 14496-3 1.6.2.1). */
    SEQUENCE_HEADER,
    /** AACPacketType 1: one raw AAC frame. */
    RAW
  }

  @Override
  public String toString() {
    return "AudioPacket[ts=" + timestamp + ", " + type + ", " + data.length + " bytes]";
  }
}
