package io.captiond.ingest.rtmp;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * A string a peer sent (an app name, a stream key, a command name, a property name), made safe to
 * log: cut to {@link #MAX_CHARS} and with every control, line-breaking and bidirectional-override
 * character escaped, so that an unauthenticated peer can neither fill the disk with one string (an
 * AMF0 string may be 8 MiB) nor forge or reorder log lines.
 */
public final class PeerText {

  /** Characters of a peer string kept in a log line. */
  public static final int MAX_CHARS = 64;
  /** Names listed before the rest are only counted. */
  static final int MAX_NAMES = 8;
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@.$-]{1," + MAX_CHARS + "}");

  private PeerText() {}

  /** {@code 'live'}; a long string {@code 'aaa…' (+9000 chars)}; null as {@code null}. */
  public static String quote(String text) {
    if (text == null) {
      return "null";
    }
    int kept = text.length() <= MAX_CHARS ? text.length() : cutAt(text, MAX_CHARS);
    StringBuilder out = new StringBuilder(kept + 16).append('\'');
    escape(text, kept, out);
    out.append('\'');
    if (kept < text.length()) {
      out.append("…(+").append(text.length() - kept).append(" chars)");
    }
    return out.toString();
  }

  /**
   * A name a peer sent (a command, a codec FourCC): as it is when it is a plain identifier of at
   * most {@link #MAX_CHARS} characters ({@code createStream}, {@code @setDataFrame}), else quoted.
   */
  public static String name(String text) {
    return text != null && PLAIN.matcher(text).matches() ? text : quote(text);
  }

  /** Peer-sent names (the properties of a command object): the first few, each by {@link #name}. */
  public static String names(Collection<String> texts) {
    StringBuilder out = new StringBuilder("[");
    int shown = 0;
    for (String text : texts) {
      if (shown == MAX_NAMES) {
        out.append(", …(+").append(texts.size() - shown).append(" more)");
        break;
      }
      out.append(shown++ == 0 ? "" : ", ").append(name(text));
    }
    return out.append(']').toString();
  }

  /**
   * A whole log line or reason that may hold peer text: control and line-breaking characters
   * escaped (quotes and backslashes kept as they are), cut to {@code max} characters.
   */
  public static String line(String text, int max) {
    int kept = text.length() <= max ? text.length() : cutAt(text, max);
    StringBuilder out = new StringBuilder(kept + 16);
    for (int i = 0; i < kept; i++) {
      char c = text.charAt(i);
      if (unsafe(c)) {
        appendEscaped(c, out);
      } else {
        out.append(c);
      }
    }
    if (kept < text.length()) {
      out.append("…(+").append(text.length() - kept).append(" chars)");
    }
    return out.toString();
  }

  // never split a surrogate pair
  private static int cutAt(String text, int max) {
    return Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
  }

  private static void escape(String text, int length, StringBuilder out) {
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        default -> {
          if (unsafe(c)) {
            appendEscaped(c, out);
          } else {
            out.append(c);
          }
        }
      }
    }
  }

  private static void appendEscaped(char c, StringBuilder out) {
    switch (c) {
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      default -> out.append(String.format("\\u%04x", (int) c));
    }
  }

  /** C0 and C1 controls, DEL, line and paragraph separators, bidi embeddings, overrides and isolates. */
  private static boolean unsafe(char c) {
    return c < 0x20 || c >= 0x7F && c <= 0x9F || c == 0x2028 || c == 0x2029
        || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069 || c == 0x200E || c == 0x200F
        || c == 0xFEFF;
  }
}
