package io.captiond.captions.cea608;

/**
 * The foreground attributes a preamble address code or a mid-row code can set (CEA-608-E tables 51
 * and 53), in code order: the attribute's index is bits 1..3 of the code's second byte.
 */
public enum Cea608Style {
  WHITE,
  GREEN,
  BLUE,
  CYAN,
  RED,
  YELLOW,
  MAGENTA,
  ITALICS;

  int code() {
    return ordinal();
  }
}
