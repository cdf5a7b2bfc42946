package io.captiond.media.embed;

/**
 * What the embedder needs from an AVCDecoderConfigurationRecord (ISO 14496-15 section 5.2.4.1):
 * {@code configurationVersion} (1) and {@code lengthSizeMinusOne}, the size of the length before
 * each NAL unit of the stream's frames.
 */
public record AvcDecoderConfig(int nalLengthSize) {

  public AvcDecoderConfig {
    // "The value of this field shall be one of 0, 1, or 3 corresponding to a length encoded with 1, 2, or 4 bytes"
    if (nalLengthSize != 1 && nalLengthSize != 2 && nalLengthSize != 4) {
      throw new EmbedException("lengthSizeMinusOne must be 0, 1 or 3, was " + (nalLengthSize - 1));
    }
  }

  /** Parses the record from an AVC sequence header tag's data (after the 5-byte tag header). */
  public static AvcDecoderConfig parse(byte[] record, int offset) {
    if (record.length - offset < 5) {
      throw new EmbedException("an AVCDecoderConfigurationRecord has at least 5 bytes, had "
          + (record.length - offset));
    }
    if (record[offset] != 1) {
      throw new EmbedException("configurationVersion must be 1, was " + (record[offset] & 0xFF));
    }
    return new AvcDecoderConfig((record[offset + 4] & 0x03) + 1);
  }
}
