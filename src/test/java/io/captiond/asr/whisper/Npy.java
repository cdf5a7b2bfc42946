package io.captiond.asr.whisper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads numpy's {@code .npy} arrays (format 1.0-3.0, little-endian float32/float64, C order) and
 * {@code .npz} archives, which are zips of {@code .npy} files. Enough for test references.
 */
record Npy(int[] shape, double[] data) {

  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<|=]?)([fi])(\\d)'");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  static Npy read(Path path) throws IOException {
    return parse(Files.readAllBytes(path), path.toString());
  }

  /** Every array of an {@code .npz}, keyed by name without {@code .npy}. */
  static Map<String, Npy> readNpz(Path path) throws IOException {
    Map<String, Npy> arrays = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(path); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        String name = entry.getName().replaceFirst("\\.npy$", "");
        arrays.put(name, parse(zip.readAllBytes(), path + "!" + entry.getName()));
      }
    }
    return arrays;
  }

  static Npy parse(byte[] bytes, String source) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || !"NUMPY".equals(new String(bytes, 1, 5, StandardCharsets.US_ASCII))) {
      throw new IOException(source + ": not an .npy file");
    }
    int major = bytes[6];
    int headerLength = major == 1 ? buf.getShort(8) & 0xffff : buf.getInt(8);
    int headerStart = major == 1 ? 10 : 12;
    String header = new String(bytes, headerStart, headerLength, StandardCharsets.ISO_8859_1);
    if (header.contains("'fortran_order': True")) {
      throw new IOException(source + ": Fortran order not supported");
    }
    Matcher descr = DESCR.matcher(header);
    Matcher shapeMatch = SHAPE.matcher(header);
    if (!descr.find() || !shapeMatch.find() || !descr.group(2).equals("f")) {
      throw new IOException(source + ": want a float array, header " + header);
    }
    int[] shape = Arrays.stream(shapeMatch.group(1).split(","))
        .map(String::strip).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    int count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    int width = Integer.parseInt(descr.group(3));
    buf.position(headerStart + headerLength);
    double[] data = new double[count];
    for (int i = 0; i < count; i++) {
      data[i] = width == 4 ? buf.getFloat() : buf.getDouble();
    }
    return new Npy(shape, data);
  }
}
