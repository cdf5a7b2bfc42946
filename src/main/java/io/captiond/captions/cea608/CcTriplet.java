package io.captiond.captions.cea608;

/**
 * One construct of {@code cc_data()} (CEA-708-E section 4.4, ATSC A/53 part 4 table 6.10):
 * {@code marker_bits '11111', cc_valid, cc_type, cc_data_1, cc_data_2}.
 *
 * @param type 0: 608 field 1; 1: 608 field 2; 2: DTVCC packet data; 3: DTVCC packet start
 */
public record CcTriplet(boolean valid, int type, int data1, int data2) {

  public static final int FIELD_1 = 0;
  public static final int FIELD_2 = 1;
  public static final int DTVCC_DATA = 2;
  public static final int DTVCC_START = 3;

  /** Field 2 has nothing: padding with parity, valid. */
  public static final CcTriplet FIELD_2_PADDING = field(FIELD_2, Cea608Pair.PADDING);
  /** A DTVCC slot unused in this frame (cc_valid 0, cc_type 2, zeros). */
  public static final CcTriplet DTVCC_PADDING = new CcTriplet(false, DTVCC_DATA, 0, 0);

  public CcTriplet {
    if (type < 0 || type > 3 || data1 < 0 || data1 > 0xFF || data2 < 0 || data2 > 0xFF) {
      throw new IllegalArgumentException("cc_type 0..3 and two bytes, was " + type + ", " + data1 + ", " + data2);
    }
  }

  static CcTriplet field(int field, Cea608Pair pair) {
    return new CcTriplet(true, field, pair.first(), pair.second());
  }

  /** The first byte on the wire: five marker ones, cc_valid, cc_type. */
  int header() {
    return 0xF8 | (valid ? 0x04 : 0) | type;
  }
}
