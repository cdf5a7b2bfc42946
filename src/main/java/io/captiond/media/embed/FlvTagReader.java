package io.captiond.media.embed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a whole FLV file (annex E.2 header, E.3 body) into its tags. For files and tests; a live
 * stream arrives as tags already.
 */
public final class FlvTagReader {

  private FlvTagReader() {}

  public static List<FlvTag> read(byte[] flv) {
    if (flv.length < 13 || flv[0] != 'F' || flv[1] != 'L' || flv[2] != 'V') {
      throw new EmbedException("not an FLV file: it must start with 'FLV' and a 13-byte header, had "
          + flv.length + " bytes");
    }
    int headerSize = readInt(flv, 5, 4);
    int at = headerSize + 4; // PreviousTagSize0
    List<FlvTag> tags = new ArrayList<>();
    while (at + 11 <= flv.length) {
      int type = flv[at] & 0x1F; // Filter and Reserved bits above
      int size = readInt(flv, at + 1, 3);
      long timestamp = (long) readInt(flv, at + 4, 3) | (long) (flv[at + 7] & 0xFF) << 24;
      int bodyAt = at + 11;
      if (bodyAt + size > flv.length) {
        break; // a torn last tag, as a file still being written ends
      }
      tags.add(new FlvTag(type, timestamp, Arrays.copyOfRange(flv, bodyAt, bodyAt + size)));
      at = bodyAt + size + 4;
    }
    return tags;
  }

  private static int readInt(byte[] b, int at, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      v = v << 8 | (b[at + i] & 0xFF);
    }
    return v;
  }
}
