package io.captiond.captions.cea608;

import java.util.ArrayList;
import java.util.List;

/**
 * Pop-on captions (CEA-608-E section 8.2 / annex B.4): a cue is loaded into non-displayed memory
 * ({@code RCL RCL ENM ENM}, then a PAC and the characters of each row) and shown whole by {@code
 * EOC EOC}, which swaps the memories. Rows sit at the bottom of the grid, ending on row 15. A cue
 * longer than {@code maxRows} rows keeps its first {@code maxRows} (documented truncation: pop-on
 * cannot scroll).
 */
public final class PopOnEncoder {

  private final int maxRows;

  /** @param maxRows rows a cue may take, 1..4 */
  public PopOnEncoder(int maxRows) {
    if (maxRows < 1 || maxRows > 4) {
      throw new IllegalArgumentException("pop-on cues take 1..4 rows, was " + maxRows);
    }
    this.maxRows = maxRows;
  }

  /** The pairs of {@code text}, wrapped at 32 columns; {@link Cea608Burst#EMPTY} for blank text. */
  public Cea608Burst encode(String text) {
    List<String> lines = Cea608LineWrapper.wrap(text, Cea608Codes.COLUMNS);
    if (lines.isEmpty()) {
      return Cea608Burst.EMPTY;
    }
    lines = lines.subList(0, Math.min(lines.size(), maxRows));
    List<Cea608Pair> pairs = new ArrayList<>(Cea608Codes.doubled(Cea608Command.RCL.pair()));
    pairs.addAll(Cea608Codes.doubled(Cea608Command.ENM.pair()));
    int row = Cea608Codes.ROWS - lines.size() + 1;
    for (String line : lines) {
      pairs.addAll(Cea608Codes.doubled(Cea608Codes.pac(row++, Cea608Style.WHITE, false)));
      pairs.addAll(new Cea608RowWriter().text(line).pairs());
    }
    int shownAt = pairs.size();
    pairs.addAll(Cea608Codes.doubled(Cea608Command.EOC.pair()));
    return new Cea608Burst(pairs, shownAt, lines);
  }

  /** Erase displayed memory (EDM, doubled): the shown cue goes. */
  public Cea608Burst erase() {
    return new Cea608Burst(Cea608Codes.doubled(Cea608Command.EDM.pair()), 0, List.of());
  }
}
