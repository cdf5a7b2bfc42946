package io.captiond.files;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.logging.Logger;

/**
 * An append-only file of numbered records, one JSON object a line (the caption logs). A line is on
 * disk (written and forced) before {@link #append} returns; the file's folder is synced when the file
 * is created.
 *
 * <p>A torn last line (a crash mid-write, cut at any byte, even inside a UTF-8 character) is skipped
 * on reading and cut off before the next append; so is what a failed append left behind (a full
 * disk), so the line appended next is never glued to a fragment. A line that does not parse is
 * skipped with a warning.
 *
 * <p>Blocking: call from worker threads. One writer; readers may run at the same time, as they read
 * only whole lines.
 *
 * @param <T> the record a line holds
 */
public final class JsonLinesFile<T> implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(JsonLinesFile.class.getName());

  private final Path file;
  private final Function<JsonObject, T> parse;
  private final ToLongFunction<T> seq;
  private final String what;
  private FileChannel writer;
  /** Where the file's whole lines end, once open for writing. */
  private long wholeLinesEnd;

  /**
   * @param parse reads a record from its line (throws {@link RuntimeException} on a bad one)
   * @param seq the record's sequence number, ascending through the file
   * @param what what a record is, for the warning about an unreadable line
   */
  public JsonLinesFile(Path file, Function<JsonObject, T> parse, ToLongFunction<T> seq, String what) {
    this.file = file;
    this.parse = parse;
    this.seq = seq;
    this.what = what;
  }

  public Path file() {
    return file;
  }

  /** Whether anything was ever stored. */
  public boolean exists() {
    return Files.exists(file);
  }

  /** Appends the line, or throws with the file as it was (any fragment of the line cut off again). */
  public synchronized void append(JsonObject record) throws IOException {
    ByteBuffer line = ByteBuffer.wrap((record.encode() + "\n").getBytes(StandardCharsets.UTF_8));
    openWriter();
    try {
      if (writer.size() != wholeLinesEnd) {
        writer.truncate(wholeLinesEnd); // a fragment of a failed append
      }
      writer.position(wholeLinesEnd);
      while (line.hasRemaining()) {
        writer.write(line);
      }
      writer.force(false);
      wholeLinesEnd = writer.position();
    } catch (IOException e) {
      try {
        writer.truncate(wholeLinesEnd);
      } catch (IOException ignored) {
        // cut off before the next append, or by a reader's skipping it
      }
      throw e;
    }
  }

  private void openWriter() throws IOException {
    if (writer != null) {
      return;
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean created = !Files.exists(file);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      if (created) {
        AtomicFiles.syncDirectory(dir);
      }
      wholeLinesEnd = wholeLinesEnd(channel);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    writer = channel;
  }

  /** The stored records with a sequence number above {@code afterSeq}, in order. */
  public List<T> readAfter(long afterSeq) throws IOException {
    List<T> records = new ArrayList<>();
    if (!Files.exists(file)) {
      return records;
    }
    byte[] content = Files.readAllBytes(file);
    parseLines(content, content.length, afterSeq, records);
    return records; // what follows the last newline is a torn tail: skipped
  }

  /** The highest stored sequence number, or 0 for an empty file. */
  public long lastSeq() throws IOException {
    List<T> all = readAfter(0);
    return all.isEmpty() ? 0 : seq.applyAsLong(all.get(all.size() - 1));
  }

  /**
   * Part of the file: the records above {@code afterSeq} in the whole lines from byte {@code from}, reading about
   * {@code maxBytes} (more only for a longer line), so that a reader can stream a long file in bounded steps.
   *
   * @param records the records read
   * @param next where the next page starts
   * @param atEnd whether the file had nothing more (but perhaps a torn tail) when this page was read
   */
  public record Page<T>(List<T> records, long next, boolean atEnd) {}

  /** Reads the page of whole lines from byte {@code from}; see {@link Page}. */
  public Page<T> readPage(long afterSeq, long from, int maxBytes) throws IOException {
    if (!Files.exists(file)) {
      return new Page<>(List.of(), from, true);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      int want = (int) Math.min(Math.max(1, maxBytes), size - Math.min(from, size));
      while (want > 0) {
        ByteBuffer buffer = ByteBuffer.allocate(want);
        while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
          // read on until the buffer is full or the file ends
        }
        byte[] content = Arrays.copyOf(buffer.array(), buffer.position());
        int end = lastIndexOf(content) + 1;
        if (end > 0) {
          List<T> records = new ArrayList<>();
          parseLines(content, end, afterSeq, records);
          return new Page<>(records, from + end, from + content.length >= size);
        }
        if (from + content.length >= size) {
          break; // only a torn tail is left
        }
        want = (int) Math.min((long) want * 2, size - from); // a line longer than the page
      }
      return new Page<>(List.of(), from, true);
    }
  }

  /** The records above {@code afterSeq} in the whole lines of {@code content[0, end)}, added to {@code records}. */
  private void parseLines(byte[] content, int end, long afterSeq, List<T> records) {
    int lineStart = 0;
    // Split on the byte: '\n' never occurs inside a UTF-8 character, so a line is decoded whole or not at all.
    for (int newline = indexOf(content, lineStart, end); newline >= 0; newline = indexOf(content, lineStart, end)) {
      int start = lineStart;
      lineStart = newline + 1;
      try {
        String line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(content, start, newline - start)).toString();
        if (line.isBlank()) {
          continue;
        }
        T record = parse.apply(new JsonObject(line));
        if (seq.applyAsLong(record) > afterSeq) {
          records.add(record);
        }
      } catch (CharacterCodingException | DecodeException | ClassCastException | NullPointerException
          | IllegalArgumentException e) {
        LOG.warning(() -> file + ": skipping unreadable " + what + " line: " + e);
      }
    }
  }

  /** Just past the last newline: a torn tail from a crash is not part of the file. */
  private static long wholeLinesEnd(FileChannel channel) throws IOException {
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

  private static int lastIndexOf(byte[] content) {
    for (int i = content.length - 1; i >= 0; i--) {
      if (content[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] content, int from, int end) {
    for (int i = from; i < end; i++) {
      if (content[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public synchronized void close() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        LOG.warning(() -> "closing " + file + ": " + e.getMessage());
      }
      writer = null;
    }
  }
}
