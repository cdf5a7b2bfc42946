package io.captiond.captions.cea608;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test-side H.264 Annex B splitter: NAL units between start codes, grouped into access units
 * (H.264 section 7.4.1.2.3: an AUD, SPS, PPS or SEI after a slice, or a slice with
 * first_mb_in_slice 0, starts a new one). Enough for the single-slice streams x264 writes.
 */
final class AnnexBAccessUnits {

  private AnnexBAccessUnits() {}

  static List<List<byte[]>> split(byte[] stream) {
    List<List<byte[]>> units = new ArrayList<>();
    List<byte[]> current = new ArrayList<>();
    boolean sawSlice = false;
    for (byte[] nal : nalUnits(stream)) {
      int type = nal[0] & 0x1F;
      boolean slice = type == 1 || type == 5;
      boolean firstSlice = slice && (nal[1] & 0x80) != 0; // ue(v) 0 is the single bit '1'
      boolean startsUnit = sawSlice && (firstSlice || type == 6 || type == 7 || type == 8 || type == 9);
      if (startsUnit) {
        units.add(current);
        current = new ArrayList<>();
        sawSlice = false;
      }
      current.add(nal);
      sawSlice |= slice;
    }
    if (!current.isEmpty()) {
      units.add(current);
    }
    return units;
  }

  /** The access unit with {@code sei} put before its first slice; written with 4-byte start codes. */
  static void writeWithSei(ByteArrayOutputStream out, List<byte[]> unit, byte[] sei) {
    boolean inserted = false;
    for (byte[] nal : unit) {
      int type = nal[0] & 0x1F;
      if (!inserted && (type == 1 || type == 5)) {
        writeNal(out, sei);
        inserted = true;
      }
      writeNal(out, nal);
    }
  }

  private static void writeNal(ByteArrayOutputStream out, byte[] nal) {
    out.writeBytes(new byte[] {0, 0, 0, 1});
    out.writeBytes(nal);
  }

  static List<byte[]> nalUnits(byte[] s) {
    List<byte[]> nals = new ArrayList<>();
    int start = -1;
    for (int i = 0; i + 2 < s.length; i++) {
      if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) {
        if (start >= 0) {
          int end = i;
          while (end > start && s[end - 1] == 0) {
            end--; // a 4-byte start code's leading zero (trailing_zero_8bits)
          }
          nals.add(Arrays.copyOfRange(s, start, end));
        }
        start = i + 3;
        i += 2;
      }
    }
    if (start >= 0 && start < s.length) {
      nals.add(Arrays.copyOfRange(s, start, s.length));
    }
    return nals;
  }
}
