package io.captiond.captions.cea608;

import java.util.ArrayList;
import java.util.List;

/**
 * Breaks text into rows of at most {@code width} 608 glyphs at spaces; a word longer than a row is
 * cut. Explicit line breaks start a new row. Widths are counted in glyphs as sent, so a
 * replacement ("..." for an ellipsis) counts at its sent width; rows stay Unicode so the 708
 * service can carry the same rows in its richer character set.
 */
final class Cea608LineWrapper {

  private Cea608LineWrapper() {}

  static List<String> wrap(String text, int width) {
    List<String> rows = new ArrayList<>();
    for (String paragraph : text.split("\\R")) {
      StringBuilder row = new StringBuilder();
      int rowWidth = 0;
      for (String word : paragraph.trim().split("[\\s\\p{Cntrl}]+")) {
        for (String piece : cut(word, width)) {
          int pieceWidth = widthOf(piece);
          if (rowWidth > 0 && rowWidth + 1 + pieceWidth > width) {
            rows.add(row.toString());
            row.setLength(0);
            rowWidth = 0;
          }
          if (rowWidth > 0) {
            row.append(' ');
            rowWidth++;
          }
          row.append(piece);
          rowWidth += pieceWidth;
        }
      }
      if (rowWidth > 0) {
        rows.add(row.toString());
      }
    }
    return rows;
  }

  static int widthOf(String text) {
    return Cea608Charset.glyphs(text).size();
  }

  /** The word in pieces of at most {@code width} glyphs (one piece when it fits; none when empty). */
  private static List<String> cut(String word, int width) {
    List<String> pieces = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    int pieceWidth = 0;
    for (int i = 0; i < word.length(); ) {
      int cp = word.codePointAt(i);
      String ch = new String(Character.toChars(cp));
      int w = widthOf(ch);
      if (pieceWidth + w > width && pieceWidth > 0) {
        pieces.add(piece.toString());
        piece.setLength(0);
        pieceWidth = 0;
      }
      piece.append(ch);
      pieceWidth += w;
      i += Character.charCount(cp);
    }
    if (pieceWidth > 0) {
      pieces.add(piece.toString());
    }
    return pieces;
  }
}
