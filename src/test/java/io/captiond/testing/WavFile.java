package io.captiond.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes 16-bit PCM WAV files for tests (the canonical RIFF layout, any chunk order). */
public final class WavFile {

  private WavFile() {}

  /** Samples of a 16 kHz mono s16 WAV; throws if the file is anything else. */
  public static short[] read16kMono(Path path) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
    if (buf.getInt(0) != 0x46464952 || buf.getInt(8) != 0x45564157) {
      throw new IOException(path + " is not a RIFF/WAVE file");
    }
    int pos = 12;
    int channels = -1;
    int rate = -1;
    int bits = -1;
    while (pos + 8 <= buf.limit()) {
      int id = buf.getInt(pos);
      int size = buf.getInt(pos + 4);
      int body = pos + 8;
      if (id == 0x20746d66) { // "fmt "
        channels = buf.getShort(body + 2);
        rate = buf.getInt(body + 4);
        bits = buf.getShort(body + 14);
      } else if (id == 0x61746164) { // "data"
        if (channels != 1 || rate != 16_000 || bits != 16) {
          throw new IOException(path + ": want 16 kHz mono s16, got " + rate + " Hz, "
              + channels + " ch, " + bits + " bit");
        }
        int length = Math.min(size, buf.limit() - body) / 2;
        short[] samples = new short[length];
        buf.position(body);
        buf.asShortBuffer().get(samples);
        return samples;
      }
      pos = body + size + (size & 1);
    }
    throw new IOException(path + ": no data chunk");
  }

  public static void write16kMono(Path path, short[] samples) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(0x46464952).putInt(36 + samples.length * 2).putInt(0x45564157);
    buf.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1)
        .putInt(16_000).putInt(32_000).putShort((short) 2).putShort((short) 16);
    buf.putInt(0x61746164).putInt(samples.length * 2);
    for (short s : samples) {
      buf.putShort(s);
    }
    Files.write(path, buf.array());
  }
}
