package io.captiond.captions.cea608;

import java.util.List;

/**
 * The {@code cc_data()} of one frame (CEA-708-E section 4.4; ATSC A/53 part 4 section 6.2.3.1):
 * {@code reserved '1', process_cc_data_flag '1', additional_data_flag '0', cc_count(5)}, {@code
 * em_data 0xFF}, the triplets, {@code marker_bits 0xFF}. The 608 field 1 triplet comes first, so a
 * decoder choosing its field from the first triplet picks CC1.
 */
public record CcData(List<CcTriplet> triplets) {

  /** cc_count is five bits. */
  public static final int MAX_COUNT = 31;

  public CcData {
    triplets = List.copyOf(triplets);
    if (triplets.isEmpty() || triplets.size() > MAX_COUNT) {
      throw new IllegalArgumentException("cc_count is 1..31, was " + triplets.size());
    }
  }

  public byte[] toBytes() {
    byte[] out = new byte[2 + 3 * triplets.size() + 1];
    out[0] = (byte) (0x80 | 0x40 | triplets.size());
    out[1] = (byte) 0xFF;
    int i = 2;
    for (CcTriplet t : triplets) {
      out[i++] = (byte) t.header();
      out[i++] = (byte) t.data1();
      out[i++] = (byte) t.data2();
    }
    out[i] = (byte) 0xFF;
    return out;
  }
}
