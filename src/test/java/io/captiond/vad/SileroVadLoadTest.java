package io.captiond.vad;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SileroVadLoadTest {

  @TempDir Path dir;

  @Test
  void rejectsAMissingFileNamingIt() {
    Path missing = dir.resolve("no-such-vad.onnx");
    VadException e = assertThrows(VadException.class, () -> SileroVad.load(missing, 1));
    assertTrue(e.getMessage().contains("not found"), e.getMessage());
    assertTrue(e.getMessage().contains(missing.toAbsolutePath().toString()), e.getMessage());
  }

  @Test
  void rejectsADirectoryNamingIt() {
    VadException e = assertThrows(VadException.class, () -> SileroVad.load(dir, 1));
    assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
  }

  @Test
  void rejectsRandomBytesNamingTheFile() throws Exception {
    byte[] junk = new byte[4096];
    new Random(1).nextBytes(junk);
    Path file = Files.write(dir.resolve("junk.onnx"), junk);
    VadException e = assertThrows(VadException.class, () -> SileroVad.load(file, 1));
    assertTrue(e.getMessage().contains("not a loadable ONNX model"), e.getMessage());
    assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
  }

  @Test
  void rejectsAnOnnxModelWithOtherInputsAndOutputs() throws Exception {
    Path file = Files.write(dir.resolve("identity.onnx"), identityModel());
    VadException e = assertThrows(VadException.class, () -> SileroVad.load(file, 1));
    assertTrue(e.getMessage().contains("not a Silero VAD v5 model"), e.getMessage());
    assertTrue(e.getMessage().contains("[x]"), e.getMessage());
    assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
  }

  @Test
  void rejectsZeroThreads() {
    assertThrows(IllegalArgumentException.class, () -> SileroVad.load(dir, 0));
  }

  /** A valid ONNX model, y = Identity(x) over float[1], hand-encoded as protobuf. */
  private static byte[] identityModel() {
    byte[] tensorType = concat(varintField(1, 1), bytesField(2, bytesField(1, varintField(1, 1))));
    byte[] type = bytesField(1, tensorType);
    byte[] node = concat(stringField(1, "x"), stringField(2, "y"), stringField(4, "Identity"));
    byte[] graph = concat(bytesField(1, node), stringField(2, "g"),
        bytesField(11, concat(stringField(1, "x"), bytesField(2, type))),
        bytesField(12, concat(stringField(1, "y"), bytesField(2, type))));
    byte[] opset = concat(stringField(1, ""), varintField(2, 13));
    return concat(varintField(1, 8), bytesField(7, graph), bytesField(8, opset));
  }

  private static byte[] varintField(int field, long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    varint(out, (long) field << 3);
    varint(out, value);
    return out.toByteArray();
  }

  private static byte[] stringField(int field, String value) {
    return bytesField(field, value.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] bytesField(int field, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    varint(out, ((long) field << 3) | 2);
    varint(out, value.length);
    out.writeBytes(value);
    return out.toByteArray();
  }

  private static void varint(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
