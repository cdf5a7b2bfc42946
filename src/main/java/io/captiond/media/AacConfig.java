package io.captiond.media;

/**
 * What the HLS output needs from an AAC sequence header's AudioSpecificConfig (ISO 14496-3 section
 * 1.6.2.1): the sample rate (the SBR extension's when signalled explicitly, as FFmpeg's FLV demuxer
 * takes it) and the channel count, beside the record itself (the codec's extradata).
 */
record AacConfig(int objectType, int sampleRate, int channels, byte[] extradata) {

  private static final int[] RATES = {
      96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};
  private static final int SBR = 5;
  private static final int PS = 29;

  static AacConfig parse(byte[] data, int offset, int length) {
    BitReader bits = new BitReader(data, offset, length, "an AudioSpecificConfig of " + length + " bytes");
    int objectType = objectType(bits);
    int rate = rate(bits);
    int channels = bits.bits(4);
    if (objectType == SBR || objectType == PS) {
      rate = rate(bits); // extensionSamplingFrequencyIndex: the output rate
    }
    if (objectType == 0) {
      throw new FlvTagException("AudioSpecificConfig audio object type 0 is the null object");
    }
    // channelConfiguration 0: the layout is in a program config element; stereo is the common case
    return new AacConfig(objectType, rate, channels == 0 ? 2 : channels == 7 ? 8 : channels,
        java.util.Arrays.copyOfRange(data, offset, offset + length));
  }

  private static int objectType(BitReader bits) {
    int type = bits.bits(5);
    return type == 31 ? 32 + bits.bits(6) : type;
  }

  private static int rate(BitReader bits) {
    int index = bits.bits(4);
    if (index == 15) {
      return bits.bits(24);
    }
    if (index >= RATES.length) {
      throw new FlvTagException("AudioSpecificConfig samplingFrequencyIndex " + index
          + " is reserved; allowed 0..12 or 15");
    }
    return RATES[index];
  }
}
