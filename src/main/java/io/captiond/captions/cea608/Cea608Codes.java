package io.captiond.captions.cea608;

import java.util.List;

/**
 * The positioning and attribute codes of CC1 (CEA-608-E section 4 and tables 51..53), as pairs with
 * parity: preamble address codes, mid-row codes and tab offsets. Miscellaneous commands are in
 * {@link Cea608Command}; characters in {@link Cea608Charset}.
 */
public final class Cea608Codes {

  /** Rows 1..15 of the caption grid. */
  public static final int ROWS = 15;
  /** Columns 1..32 of the caption grid. */
  public static final int COLUMNS = 32;

  // Table 53: the first byte of a PAC per row, and whether the row takes the 0x60 half of the
  // second byte. Rows come in pairs on one first byte, except row 11 (0x10 0x40..0x5F).
  private static final int[] PAC_FIRST = {0x11, 0x11, 0x12, 0x12, 0x15, 0x15, 0x16, 0x16, 0x17, 0x17, 0x10, 0x13, 0x13, 0x14, 0x14};
  private static final boolean[] PAC_HIGH = {
    false, true, false, true, false, true, false, true, false, true, false, false, true, false, true
  };

  private Cea608Codes() {}

  /** A preamble address code putting the cursor at column 1 of {@code row} with a style. */
  public static Cea608Pair pac(int row, Cea608Style style, boolean underline) {
    return Cea608Pair.of(pacFirst(row), pacBase(row) | style.code() << 1 | (underline ? 1 : 0));
  }

  /** A preamble address code putting the cursor at column {@code indent + 1} (0, 4, .. 28), white. */
  public static Cea608Pair pacIndent(int row, int indent, boolean underline) {
    if (indent < 0 || indent > 28 || indent % 4 != 0) {
      throw new IllegalArgumentException("PAC indents are 0, 4, .. 28 columns, was " + indent);
    }
    return Cea608Pair.of(pacFirst(row), pacBase(row) | 0x10 | (indent / 4) << 1 | (underline ? 1 : 0));
  }

  /**
   * A mid-row code (table 51: 0x11 0x20..0x2F): changes colour or italics from here on the row. A
   * decoder shows it as a space, so it takes one column.
   */
  public static Cea608Pair midRow(Cea608Style style, boolean underline) {
    return Cea608Pair.of(0x11, 0x20 | style.code() << 1 | (underline ? 1 : 0));
  }

  /** Tab offset 1..3 columns (0x17 0x21..0x23), for positions between the PAC indents. */
  public static Cea608Pair tabOffset(int columns) {
    if (columns < 1 || columns > 3) {
      throw new IllegalArgumentException("tab offsets move 1..3 columns, was " + columns);
    }
    return Cea608Pair.of(0x17, 0x20 + columns);
  }

  /** A control code sent twice, as section 4.1.4 asks, so a decoder that lost one still acts. */
  public static List<Cea608Pair> doubled(Cea608Pair control) {
    return List.of(control, control);
  }

  private static int pacFirst(int row) {
    checkRow(row);
    return PAC_FIRST[row - 1];
  }

  private static int pacBase(int row) {
    return PAC_HIGH[row - 1] ? 0x60 : 0x40;
  }

  private static void checkRow(int row) {
    if (row < 1 || row > ROWS) {
      throw new IllegalArgumentException("caption rows are 1..15, was " + row);
    }
  }
}
