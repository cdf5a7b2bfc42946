package io.captiond.media;

import java.util.Arrays;

/**
 * What the HLS output needs from an AVC sequence header's AVCDecoderConfigurationRecord (ISO 14496-15
 * section 5.2.4.1): the size of the length before each NAL unit of the frames, the picture size from its
 * first sequence parameter set ({@link AvcPictureSize}), and the record itself (the codec's extradata,
 * whose profile and level bytes name the codec in the master playlist).
 */
record AvcConfig(int nalLengthSize, int width, int height, byte[] extradata) {

  static AvcConfig parse(byte[] data, int offset, int length) {
    if (length < 8) {
      throw new FlvTagException("an AVCDecoderConfigurationRecord has at least 8 bytes, had " + length);
    }
    if (data[offset] != 1) {
      throw new FlvTagException("AVCDecoderConfigurationRecord configurationVersion must be 1, was "
          + (data[offset] & 0xFF));
    }
    // "lengthSizeMinusOne ... shall be one of 0, 1, or 3"
    int nalLengthSize = (data[offset + 4] & 0x03) + 1;
    if (nalLengthSize == 3) {
      throw new FlvTagException("AVCDecoderConfigurationRecord lengthSizeMinusOne must be 0, 1 or 3, was 2");
    }
    int spsCount = data[offset + 5] & 0x1F;
    int spsLength = (data[offset + 6] & 0xFF) << 8 | data[offset + 7] & 0xFF;
    if (spsCount == 0 || 8 + spsLength > length) {
      throw new FlvTagException("AVCDecoderConfigurationRecord of " + length + " bytes holds no whole "
          + "sequence parameter set (" + spsCount + " listed, the first of " + spsLength + " bytes)");
    }
    int[] size = AvcPictureSize.of(data, offset + 8, spsLength);
    return new AvcConfig(nalLengthSize, size[0], size[1], Arrays.copyOfRange(data, offset, offset + length));
  }

  /**
   * Whether {@code length} bytes at {@code offset} are whole NAL units, each behind its length: what
   * FFmpeg's conversion to Annex B for MPEG-TS needs, or it fails the whole output.
   */
  boolean wholeNalUnits(byte[] data, int offset, int length) {
    int at = offset;
    int end = offset + length;
    while (at < end) {
      if (end - at < nalLengthSize) {
        return false;
      }
      long nal = 0;
      for (int i = 0; i < nalLengthSize; i++) {
        nal = nal << 8 | (data[at + i] & 0xFF);
      }
      at += nalLengthSize;
      if (nal == 0 || nal > end - at) {
        return false;
      }
      at += (int) nal;
    }
    return length > 0;
  }
}
