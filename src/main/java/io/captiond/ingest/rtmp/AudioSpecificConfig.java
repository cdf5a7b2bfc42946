package io.captiond.ingest.rtmp;

/**
 * The head of an MPEG-4 AudioSpecificConfig (ISO 14496-3 section 1.6.2.1), the body of an AAC
 * sequence header: enough to set up a decoder.
 *
 * @param objectType audio object type (2 = AAC LC, 5 = SBR, 29 = PS)
 * @param sampleRateIndex samplingFrequencyIndex, 15 when the rate is explicit
 * @param sampleRate in Hz
 * @param channelConfiguration 1 mono, 2 stereo, ... (0 = defined in the program config element)
 */
public record AudioSpecificConfig(int objectType, int sampleRateIndex, int sampleRate,
    int channelConfiguration) {

  private static final int[] SAMPLE_RATES = {
      96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};

  public static AudioSpecificConfig parse(byte[] data) {
    Bits bits = new Bits(data);
    int objectType = bits.read(5);
    if (objectType == 31) {
      objectType = 32 + bits.read(6);
    }
    int index = bits.read(4);
    int rate;
    if (index == 15) {
      rate = bits.read(24);
    } else if (index < SAMPLE_RATES.length) {
      rate = SAMPLE_RATES[index];
    } else {
      throw new MediaException("AudioSpecificConfig samplingFrequencyIndex " + index
          + " is reserved; allowed 0..12 or 15");
    }
    int channels = bits.read(4);
    if (objectType == 0) {
      throw new MediaException("AudioSpecificConfig audio object type 0 is the null object");
    }
    return new AudioSpecificConfig(objectType, index, rate, channels);
  }

  /** Big-endian bit reader that throws {@link MediaException} past the end. */
  private static final class Bits {
    private final byte[] data;
    private int position;

    Bits(byte[] data) {
      this.data = data;
    }

    int read(int count) {
      if (position + count > data.length * 8) {
        throw new MediaException("AudioSpecificConfig of " + data.length
            + " bytes is truncated at bit " + position + " (needs " + count + " more bits)");
      }
      int value = 0;
      for (int i = 0; i < count; i++, position++) {
        value = value << 1 | (data[position >>> 3] >>> (7 - (position & 7)) & 1);
      }
      return value;
    }
  }
}
