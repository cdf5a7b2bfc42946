package io.captiond.media.hls;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An attribute list (RFC 8216 §4.2): comma-separated {@code NAME=value} pairs, names of
 * {@code [A-Z0-9-]}, values quoted strings (no CR, LF or quote inside) or unquoted up to the next
 * comma. Quoted values are kept without their quotes.
 */
final class AttributeList {

  private AttributeList() {}

  static Map<String, String> parse(String text, int line) throws HlsPlaylistException {
    Map<String, String> attributes = new LinkedHashMap<>();
    int i = 0;
    while (i < text.length()) {
      int equals = text.indexOf('=', i);
      if (equals < 0) {
        throw new HlsPlaylistException(line, "attribute without '=' in '" + text + "'");
      }
      String name = text.substring(i, equals);
      if (name.isEmpty() || !name.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
        throw new HlsPlaylistException(line, "bad attribute name '" + name + "' (§4.2: [A-Z0-9-])");
      }
      String value;
      int end;
      if (equals + 1 < text.length() && text.charAt(equals + 1) == '"') {
        int close = text.indexOf('"', equals + 2);
        if (close < 0) {
          throw new HlsPlaylistException(line, "unterminated quoted string in attribute " + name);
        }
        value = text.substring(equals + 2, close);
        end = close + 1;
      } else {
        int comma = text.indexOf(',', equals + 1);
        end = comma < 0 ? text.length() : comma;
        value = text.substring(equals + 1, end);
      }
      if (attributes.put(name, value) != null) {
        // §4.2: "An attribute-list MUST NOT contain multiple AttributeName/AttributeValue pairs with the same AttributeName"
        throw new HlsPlaylistException(line, "attribute " + name + " appears twice");
      }
      if (end < text.length()) {
        if (text.charAt(end) != ',') {
          throw new HlsPlaylistException(line, "expected ',' after attribute " + name);
        }
        end++;
      }
      i = end;
    }
    return attributes;
  }
}
