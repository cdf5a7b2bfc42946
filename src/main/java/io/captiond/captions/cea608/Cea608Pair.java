package io.captiond.captions.cea608;

/**
 * One CEA-608 byte pair as transmitted in a field of one frame: both bytes carry odd parity in bit
 * 7 (CEA-608-E section 4.6: "the eighth bit of each byte is an odd parity bit"). Build pairs from
 * 7-bit values with {@link #of}; the record holds the bytes on the wire.
 */
public record Cea608Pair(int first, int second) {

  /** Two nulls with parity: what a field carries when there is nothing to say. */
  public static final Cea608Pair PADDING = of(0x00, 0x00);

  public Cea608Pair {
    if (first < 0 || first > 0xFF || second < 0 || second > 0xFF) {
      throw new IllegalArgumentException("a pair holds two bytes, was " + first + ", " + second);
    }
  }

  /** The pair of two 7-bit values, each given its odd parity bit. */
  public static Cea608Pair of(int first7, int second7) {
    return new Cea608Pair(withOddParity(first7), withOddParity(second7));
  }

  /** Sets bit 7 when the low seven bits hold an even number of ones, so the byte's count is odd. */
  public static int withOddParity(int value7) {
    if (value7 < 0 || value7 > 0x7F) {
      throw new IllegalArgumentException("a 608 character is 7 bits, was 0x" + Integer.toHexString(value7));
    }
    return Integer.bitCount(value7) % 2 == 0 ? value7 | 0x80 : value7;
  }

  /** Control codes (commands, PACs, mid-row, special and extended characters) start with 0x10..0x1F. */
  public boolean isControl() {
    int b = first & 0x7F;
    return b >= 0x10 && b <= 0x1F;
  }

  @Override
  public String toString() {
    return String.format("%02X %02X", first, second);
  }
}
