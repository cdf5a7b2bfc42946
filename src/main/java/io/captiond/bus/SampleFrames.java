package io.captiond.bus;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary frame shared by the codecs of audio messages: a length-prefixed UTF-8 text, a long
 * (a time), then length-prefixed samples as big-endian 16-bit integers. Never JSON: a second of audio
 * would triple in size.
 */
public final class SampleFrames {

  private SampleFrames() {}

  /** Appends a length-prefixed string, a long and length-prefixed samples. */
  public static void write(Buffer buffer, String text, long time, short[] samples) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(bytes.length).appendBytes(bytes).appendLong(time).appendInt(samples.length);
    for (short sample : samples) {
      buffer.appendShort(sample);
    }
  }

  /** The length-prefixed text at {@code pos}. */
  public static String readText(Buffer buffer, int pos) {
    int length = buffer.getInt(pos);
    return buffer.getString(pos + 4, pos + 4 + length, StandardCharsets.UTF_8.name());
  }

  /** Where the long after the text at {@code pos} starts. */
  public static int afterText(Buffer buffer, int pos) {
    return pos + 4 + buffer.getInt(pos);
  }

  /** The length-prefixed samples at {@code pos}. */
  public static short[] readSamples(Buffer buffer, int pos) {
    int count = buffer.getInt(pos);
    short[] samples = new short[count];
    for (int i = 0; i < count; i++) {
      samples[i] = buffer.getShort(pos + 4 + 2 * i);
    }
    return samples;
  }
}
