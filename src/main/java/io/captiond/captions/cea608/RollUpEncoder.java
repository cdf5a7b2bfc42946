package io.captiond.captions.cea608;

import java.util.ArrayList;
import java.util.List;

/**
 * Roll-up captions (CEA-608-E section 8.1 / annex B.5), the live default: each row of a cue is
 * sent as {@code CR CR PAC PAC text}, so the rows above move up one and the new row appears on
 * the base row as its characters arrive. Every cue starts with the roll-up command (RU2..RU4,
 * doubled), so a decoder tuning in mid-stream enters roll-up mode at the next cue.
 */
public final class RollUpEncoder {

  private final int rows;
  private final int baseRow;

  /**
   * @param rows window depth, 2..4
   * @param baseRow the row the text appears on, {@code rows}..15 (15: the bottom)
   */
  public RollUpEncoder(int rows, int baseRow) {
    Cea608Command.rollUp(rows); // validates 2..4
    if (baseRow < rows || baseRow > Cea608Codes.ROWS) {
      throw new IllegalArgumentException("a base row must leave room for " + rows + " rows within 1..15, was " + baseRow);
    }
    this.rows = rows;
    this.baseRow = baseRow;
  }

  /** The pairs of {@code text}, wrapped at 32 columns; {@link Cea608Burst#EMPTY} for blank text. */
  public Cea608Burst encode(String text) {
    List<String> lines = Cea608LineWrapper.wrap(text, Cea608Codes.COLUMNS);
    if (lines.isEmpty()) {
      return Cea608Burst.EMPTY;
    }
    List<Cea608Pair> pairs = new ArrayList<>(Cea608Codes.doubled(Cea608Command.rollUp(rows).pair()));
    for (String line : lines) {
      pairs.addAll(Cea608Codes.doubled(Cea608Command.CR.pair()));
      pairs.addAll(Cea608Codes.doubled(Cea608Codes.pac(baseRow, Cea608Style.WHITE, false)));
      pairs.addAll(new Cea608RowWriter().text(line).pairs());
    }
    return new Cea608Burst(pairs, pairs.size() - 1, lines);
  }

  /** Erase displayed memory (EDM, doubled): the window empties at once. */
  public Cea608Burst erase() {
    return new Cea608Burst(Cea608Codes.doubled(Cea608Command.EDM.pair()), 0, List.of());
  }

  public int rows() {
    return rows;
  }
}
