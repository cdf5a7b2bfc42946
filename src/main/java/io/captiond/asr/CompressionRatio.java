package io.captiond.asr;

import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * Whisper's {@code compression_ratio} of a text: UTF-8 length over zlib-compressed length (zlib's
 * default level, as Python's {@code zlib.compress}). Repetition loops compress well, so a high ratio
 * marks a hallucinated decode. Short texts come out below 1 (zlib's header and checksum); 0 for empty text.
 */
public final class CompressionRatio {

  private CompressionRatio() {}

  public static double of(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == 0) {
      return 0;
    }
    Deflater deflater = new Deflater(6);
    try {
      deflater.setInput(bytes);
      deflater.finish();
      byte[] buffer = new byte[bytes.length + 64];
      int compressed = 0;
      while (!deflater.finished()) {
        compressed += deflater.deflate(buffer);
      }
      return (double) bytes.length / compressed;
    } finally {
      deflater.end();
    }
  }
}
