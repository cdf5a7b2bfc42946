package io.captiond.captions;

import io.captiond.files.LineLogs;
import io.captiond.files.AtomicFiles;
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
import java.util.List;
import java.util.logging.Logger;

/**
 * The append-only file of one stream's final captions, one JSON object a line. A caption is on
 * disk (written and forced) before {@link #append} returns, so it is announced only once it would
 * survive a crash; the file's folder is synced when the file is created.
 *
 * <p>A torn last line (a crash mid-write, cut at any byte, even inside a UTF-8 character) is skipped
 * on reading and cut off before the next append; so is what a failed append left behind (a full
 * disk), so the line appended next is never glued to a fragment.
 *
 * <p>Blocking: call from worker threads. One writer per stream (its session); readers may run at
 * the same time, as they read only whole lines.
 */
public final class CaptionLog implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(CaptionLog.class.getName());

  private final Path file;
  private FileChannel writer;
  /** Where the file's whole lines end, once open for writing. */
  private long wholeLinesEnd;

  public CaptionLog(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /** Appends the final, or throws with the file as it was (any fragment of the line cut off again). */
  public synchronized void append(CaptionEvent event) throws IOException {
    if (!event.isFinal()) {
      throw new IllegalArgumentException("only final captions are stored, got " + event.type());
    }
    ByteBuffer line = ByteBuffer.wrap((event.toStoredJson().encode() + "\n").getBytes(StandardCharsets.UTF_8));
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
      wholeLinesEnd = LineLogs.wholeLinesEnd(channel);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    writer = channel;
  }


  /** The stored finals with a sequence number above {@code afterSeq}, in order. */
  public List<CaptionEvent> readAfter(long afterSeq) throws IOException {
    List<CaptionEvent> events = new ArrayList<>();
    if (!Files.exists(file)) {
      return events;
    }
    byte[] content = Files.readAllBytes(file);
    parseLines(content, content.length, afterSeq, events);
    return events; // what follows the last newline is a torn tail: skipped
  }

  /**
   * Part of the log: the finals above {@code afterSeq} in the whole lines from byte {@code from}, reading about
   * {@code maxBytes} (more only for a longer line), so that a reader can stream a long log in bounded steps.
   *
   * @param next where the next page starts
   * @param atEnd whether the log had nothing more (but perhaps a torn tail) when this page was read
   */
  public record Page(List<CaptionEvent> events, long next, boolean atEnd) {}

  /** Reads the page of whole lines from byte {@code from}; see {@link Page}. */
  public Page readPage(long afterSeq, long from, int maxBytes) throws IOException {
    if (!Files.exists(file)) {
      return new Page(List.of(), from, true);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      int want = (int) Math.min(Math.max(1, maxBytes), size - Math.min(from, size));
      while (want > 0) {
        ByteBuffer buffer = ByteBuffer.allocate(want);
        while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
          // read on until the buffer is full or the file ends
        }
        byte[] content = java.util.Arrays.copyOf(buffer.array(), buffer.position());
        int end = lastIndexOf(content) + 1;
        if (end > 0) {
          List<CaptionEvent> events = new ArrayList<>();
          parseLines(content, end, afterSeq, events);
          return new Page(events, from + end, from + content.length >= size);
        }
        if (from + content.length >= size) {
          break; // only a torn tail is left
        }
        want = (int) Math.min((long) want * 2, size - from); // a line longer than the page
      }
      return new Page(List.of(), from, true);
    }
  }

  /** The finals above {@code afterSeq} in the whole lines of {@code content[0, end)}, added to {@code events}. */
  private void parseLines(byte[] content, int end, long afterSeq, List<CaptionEvent> events) {
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
        CaptionEvent event = CaptionEvent.fromStoredJson(new JsonObject(line));
        if (event.seq() > afterSeq) {
          events.add(event);
        }
      } catch (CharacterCodingException | DecodeException | ClassCastException | NullPointerException
          | IllegalArgumentException e) {
        LOG.warning(() -> file + ": skipping unreadable caption line: " + e);
      }
    }
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

  /** The highest stored sequence number, or 0 for an empty log. */
  public long lastSeq() throws IOException {
    List<CaptionEvent> all = readAfter(0);
    return all.isEmpty() ? 0 : all.get(all.size() - 1).seq();
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
