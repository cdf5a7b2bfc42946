package io.captiond.captions;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * survive a crash. A torn last line (a crash mid-write) is skipped on reading.
 *
 * <p>Blocking: call from worker threads. One writer per stream (its session); readers may run at
 * the same time, as they read only whole lines.
 */
public final class CaptionLog implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(CaptionLog.class.getName());

  private final Path file;
  private FileChannel writer;

  public CaptionLog(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  public synchronized void append(CaptionEvent event) throws IOException {
    if (!event.isFinal()) {
      throw new IllegalArgumentException("only final captions are stored, got " + event.type());
    }
    if (writer == null) {
      Files.createDirectories(file.getParent());
      writer = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.APPEND);
    }
    ByteBuffer line = ByteBuffer.wrap((event.toStoredJson().encode() + "\n").getBytes(StandardCharsets.UTF_8));
    while (line.hasRemaining()) {
      writer.write(line);
    }
    writer.force(false);
  }

  /** The stored finals with a sequence number above {@code afterSeq}, in order. */
  public List<CaptionEvent> readAfter(long afterSeq) throws IOException {
    List<CaptionEvent> events = new ArrayList<>();
    if (!Files.exists(file)) {
      return events;
    }
    String content = Files.readString(file, StandardCharsets.UTF_8);
    int lineStart = 0;
    for (int newline = content.indexOf('\n'); newline >= 0; newline = content.indexOf('\n', lineStart)) {
      String line = content.substring(lineStart, newline);
      lineStart = newline + 1;
      if (line.isBlank()) {
        continue;
      }
      try {
        CaptionEvent event = CaptionEvent.fromStoredJson(new JsonObject(line));
        if (event.seq() > afterSeq) {
          events.add(event);
        }
      } catch (DecodeException | ClassCastException | NullPointerException | IllegalArgumentException e) {
        LOG.warning(() -> file + ": skipping unreadable caption line: " + e.getMessage());
      }
    }
    return events;
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
