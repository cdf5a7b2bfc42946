package io.captiond.media;

/**
 * Big-endian bits of a byte range, with the Exp-Golomb codes of ISO 14496-10 section 9.1; reading past
 * the end throws {@link FlvTagException} naming what was being read.
 */
final class BitReader {

  private final byte[] data;
  private final int end;
  private final String what;
  private long position;

  BitReader(byte[] data, int offset, int length, String what) {
    this.data = data;
    this.position = (long) offset * 8;
    this.end = offset + length;
    this.what = what;
  }

  int bits(int count) {
    if (position + count > (long) end * 8) {
      throw new FlvTagException(what + " is truncated: " + count + " more bits wanted at bit " + position);
    }
    int value = 0;
    for (int i = 0; i < count; i++, position++) {
      value = value << 1 | (data[(int) (position >>> 3)] >>> (7 - (position & 7)) & 1);
    }
    return value;
  }

  boolean flag() {
    return bits(1) == 1;
  }

  /** ue(v): section 9.1, at most 31 leading zero bits. */
  int unsigned() {
    int zeros = 0;
    while (bits(1) == 0) {
      if (++zeros > 31) {
        throw new FlvTagException(what + " holds an Exp-Golomb code longer than 32 bits");
      }
    }
    return zeros == 0 ? 0 : (int) ((1L << zeros) - 1 + (bits(zeros) & 0xFFFFFFFFL));
  }

  /** se(v): section 9.1.1. */
  int signed() {
    int k = unsigned();
    return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
  }
}
