package io.captiond.captions.cea608;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the glyphs of one caption row into pairs: basic characters two to a pair (a lone one
 * padded with a null, section 4.1.2), special and extended characters as doubled control pairs of
 * their own, an extended one after its basic fallback, and mid-row codes where the style changes.
 * Counts the columns it fills so callers keep within the 32 of a row.
 */
public final class Cea608RowWriter {

  private final List<Cea608Pair> pairs = new ArrayList<>();
  private int pendingBasic = -1;
  private int columns;

  /** Appends the glyphs of {@code text} (see {@link Cea608Charset#glyphs}). */
  public Cea608RowWriter text(String text) {
    return glyphs(Cea608Charset.glyphs(text));
  }

  public Cea608RowWriter glyphs(List<Cea608Glyph> glyphs) {
    glyphs.forEach(this::glyph);
    return this;
  }

  public Cea608RowWriter glyph(Cea608Glyph glyph) {
    switch (glyph.kind()) {
      case BASIC -> basic(glyph.code());
      case SPECIAL -> control(glyph.controlPair());
      case EXTENDED_SPANISH_FRENCH, EXTENDED_PORTUGUESE_GERMAN -> {
        basic(glyph.fallback());
        columns--; // the extended character overwrites its fallback's column
        control(glyph.controlPair());
      }
    }
    return this;
  }

  /** A mid-row code: the rest of the row in {@code style}; shown as a space (one column). */
  public Cea608RowWriter style(Cea608Style style, boolean underline) {
    control(Cea608Codes.midRow(style, underline));
    return this;
  }

  /** Columns filled so far. */
  public int columns() {
    return columns;
  }

  /** The pairs written, the last basic character padded if it has no partner. */
  public List<Cea608Pair> pairs() {
    flushBasic();
    return List.copyOf(pairs);
  }

  private void basic(int code) {
    columns++;
    if (pendingBasic < 0) {
      pendingBasic = code;
    } else {
      pairs.add(Cea608Pair.of(pendingBasic, code));
      pendingBasic = -1;
    }
  }

  private void control(Cea608Pair pair) {
    flushBasic();
    columns++;
    pairs.addAll(Cea608Codes.doubled(pair));
  }

  private void flushBasic() {
    if (pendingBasic >= 0) {
      pairs.add(Cea608Pair.of(pendingBasic, 0x00));
      pendingBasic = -1;
    }
  }
}
