package io.captiond.media.embed;

import java.io.ByteArrayOutputStream;

/**
 * Puts one SEI NAL unit into an H.264 access unit, right before its first VCL NAL unit (types
 * 1..5): H.264 section 7.4.1.2.3 orders an access unit as AUD, then SPS/PPS/SEI, then the primary
 * coded picture's slices, so the SEI lands after any AUD, SPS, PPS or earlier SEI and before the
 * first slice. The NAL units themselves are copied, not parsed.
 */
public final class SeiInsertion {

  private static final int NAL_TYPE_MASK = 0x1F;

  private SeiInsertion() {}

  /**
   * AVCC form (FLV, MP4): each NAL unit behind a big-endian length of {@code lengthSize} bytes.
   *
   * @param sei the NAL unit, header byte first, without a length
   * @throws EmbedException when a length runs past the data or the unit has no slice
   */
  public static byte[] avcc(byte[] data, int offset, int lengthSize, byte[] sei) {
    if (sei.length >= 1L << (8 * lengthSize)) {
      throw new EmbedException("an SEI of " + sei.length + " bytes does not fit a " + lengthSize + "-byte NAL length");
    }
    int at = offset;
    while (at < data.length) {
      if (at + lengthSize >= data.length) {
        throw new EmbedException("a NAL length at byte " + (at - offset) + " needs " + (lengthSize + 1)
            + " bytes, " + (data.length - at) + " remain");
      }
      long length = 0;
      for (int i = 0; i < lengthSize; i++) {
        length = length << 8 | (data[at + i] & 0xFF);
      }
      int nalAt = at + lengthSize;
      if (length < 1 || length > data.length - nalAt) {
        throw new EmbedException("a NAL unit of " + length + " bytes at byte " + (at - offset) + " but "
            + (data.length - nalAt) + " bytes remain");
      }
      if (isVcl(data[nalAt])) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + lengthSize + sei.length);
        out.write(data, 0, at);
        for (int i = lengthSize - 1; i >= 0; i--) {
          out.write((int) (sei.length >>> (8 * i)));
        }
        out.writeBytes(sei);
        out.write(data, at, data.length - at);
        return out.toByteArray();
      }
      at = nalAt + (int) length;
    }
    throw new EmbedException("an access unit of " + (data.length - offset) + " bytes holds no slice (NAL types 1..5)");
  }

  /**
   * Annex B form (MPEG-TS, raw H.264): NAL units behind start codes {@code 00 00 01} or {@code 00
   * 00 00 01}. The SEI goes in with a 4-byte start code, before the start code of the first slice.
   *
   * @throws EmbedException when the unit has no start code or no slice
   */
  public static byte[] annexB(byte[] accessUnit, byte[] sei) {
    int i = 0;
    boolean sawStartCode = false;
    while (i + 3 < accessUnit.length) {
      if (accessUnit[i] == 0 && accessUnit[i + 1] == 0 && accessUnit[i + 2] == 1) {
        sawStartCode = true;
        if (isVcl(accessUnit[i + 3])) {
          int startCode = i > 0 && accessUnit[i - 1] == 0 ? i - 1 : i;
          ByteArrayOutputStream out = new ByteArrayOutputStream(accessUnit.length + 4 + sei.length);
          out.write(accessUnit, 0, startCode);
          out.writeBytes(new byte[] {0, 0, 0, 1});
          out.writeBytes(sei);
          out.write(accessUnit, startCode, accessUnit.length - startCode);
          return out.toByteArray();
        }
        i += 3;
      } else {
        i++;
      }
    }
    throw new EmbedException(sawStartCode
        ? "an Annex B access unit of " + accessUnit.length + " bytes holds no slice (NAL types 1..5)"
        : "an Annex B access unit must start with 00 00 01, had " + accessUnit.length + " bytes without one");
  }

  /** NAL unit types 1..5: coded slices (section 7.4.1, table 7-1). */
  private static boolean isVcl(byte header) {
    int type = header & NAL_TYPE_MASK;
    return type >= 1 && type <= 5;
  }
}
