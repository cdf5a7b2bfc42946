package io.captiond.captions.cea608;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Caption service 1 of CEA-708-E carrying the same rows as the 608 channel (section 8 of the
 * standard: service layer commands). Roll-up: window 0, defined once with predefined window style
 * 4 (NTSC roll-up) and {@code rows} rows; each row is sent as {@code CR text}. Pop-on: windows 0
 * and 1 alternate; a cue is written into the hidden one (DefineWindow invisible, ClearWindows)
 * and shown by {@code DSW} with the other deleted. Erase deletes both windows.
 *
 * <p>Text uses G0 (ASCII, 0x7F the music note) and G1 (Latin-1) directly, a few G2 characters
 * after EXT1, and {@code '?'} for the rest.
 */
public final class Cea708Service {

  static final int CR = 0x0D;
  static final int EXT1 = 0x10;
  static final int CW0 = 0x80;
  static final int CLW = 0x88;
  static final int DSW = 0x89;
  static final int DLW = 0x8C;
  static final int DF0 = 0x98;
  static final int STYLE_POP_UP = 1;
  static final int STYLE_ROLL_UP = 4;
  static final int PEN_STYLE_DEFAULT = 1;

  private static final Map<Integer, Integer> G2 = Map.of(
      0x2026, 0x25, 0x2018, 0x31, 0x2019, 0x32, 0x201C, 0x33, 0x201D, 0x34, 0x2022, 0x35, 0x2122, 0x39, 0x2120, 0x3D);

  private final boolean rollUp;
  private final int rollUpRows;
  private boolean rollUpWindowDefined;
  private int popOnWindow = 1;

  private Cea708Service(boolean rollUp, int rollUpRows) {
    this.rollUp = rollUp;
    this.rollUpRows = rollUpRows;
  }

  public static Cea708Service rollUp(int rows) {
    Cea608Command.rollUp(rows); // validates 2..4
    return new Cea708Service(true, rows);
  }

  public static Cea708Service popOn() {
    return new Cea708Service(false, 0);
  }

  /**
   * The service-layer commands showing {@code rows}, one array per command or character (a block
   * must not split one, section 6.2); empty for no rows.
   */
  public List<byte[]> cue(List<String> rows) {
    Commands out = new Commands();
    if (rows.isEmpty()) {
      return out.list;
    }
    if (rollUp) {
      if (!rollUpWindowDefined) {
        defineWindow(out, 0, true, rollUpRows, STYLE_ROLL_UP);
        rollUpWindowDefined = true;
      } else {
        out.add(CW0);
      }
      for (String row : rows) {
        out.add(CR);
        text(out, row);
      }
    } else {
      int hidden = 1 - popOnWindow;
      defineWindow(out, hidden, false, rows.size(), STYLE_POP_UP);
      out.add(CLW, 1 << hidden);
      for (int i = 0; i < rows.size(); i++) {
        if (i > 0) {
          out.add(CR);
        }
        text(out, rows.get(i));
      }
      out.add(DSW, 1 << hidden);
      out.add(DLW, 1 << popOnWindow);
      popOnWindow = hidden;
    }
    return out.list;
  }

  /** Deletes the windows: nothing is shown until the next cue (which redefines its window). */
  public List<byte[]> erase() {
    rollUpWindowDefined = false;
    return List.of(new byte[] {(byte) DLW, 0x03});
  }

  /**
   * DefineWindow (DF0..DF7 and six parameters, section 8.10.5.2): anchored bottom centre at 99% /
   * 50% of the safe area, row and column lock on, 32 columns, the given predefined styles.
   */
  private static void defineWindow(Commands out, int window, boolean visible, int rows, int windowStyle) {
    out.add(
        DF0 + window,
        (visible ? 0x20 : 0) | 0x10 | 0x08, // visible, row lock, column lock, priority 0
        0x80 | 99, // relative positioning, anchor vertical 99%
        50, // anchor horizontal 50%
        7 << 4 | (rows - 1), // anchor point 7 (bottom centre), row count - 1
        Cea608Codes.COLUMNS - 1, // column count - 1
        windowStyle << 3 | PEN_STYLE_DEFAULT);
  }

  private static void text(Commands out, String row) {
    row.codePoints().forEach(cp -> {
      if (cp == 0x266A) {
        out.add(0x7F);
      } else if (cp >= 0x20 && cp < 0x7F || cp >= 0xA0 && cp <= 0xFF) {
        out.add(cp);
      } else if (G2.containsKey(cp)) {
        out.add(EXT1, G2.get(cp));
      } else if (Character.isWhitespace(cp) || Character.isISOControl(cp)) {
        out.add(' ');
      } else {
        out.add('?');
      }
    });
  }

  /** Commands in order, each kept whole. */
  private static final class Commands {
    final List<byte[]> list = new ArrayList<>();

    void add(int... bytes) {
      byte[] command = new byte[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        command[i] = (byte) bytes[i];
      }
      list.add(command);
    }
  }
}
