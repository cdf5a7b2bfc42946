package io.captiond.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** What the append-only, one-JSON-object-a-line logs (captions, translations) share. */
public final class LineLogs {

  private LineLogs() {}

  /** Just past the last newline: a torn tail from a crash is not part of the log. */
  public static long wholeLinesEnd(FileChannel channel) throws IOException {
    long end = channel.size();
    ByteBuffer one = ByteBuffer.allocate(1);
    while (end > 0) {
      one.clear();
      channel.read(one, end - 1);
      if (one.get(0) == '\n') {
        break;
      }
      end--;
    }
    return end;
  }
}
