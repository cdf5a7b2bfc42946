package io.captiond.captions;

import io.captiond.files.JsonLinesFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The append-only file of one stream's final captions, one JSON object a line ({@link JsonLinesFile}):
 * a caption is on disk (written and forced) before {@link #append} returns, so it is announced only
 * once it would survive a crash; a torn last line is skipped on reading and cut off before the next
 * append.
 *
 * <p>Blocking: call from worker threads. One writer per stream (its session); readers may run at
 * the same time, as they read only whole lines.
 */
public final class CaptionLog implements AutoCloseable {

  private final JsonLinesFile<CaptionEvent> lines;

  public CaptionLog(Path file) {
    this.lines = new JsonLinesFile<>(file, CaptionEvent::fromStoredJson, CaptionEvent::seq, "caption");
  }

  public Path file() {
    return lines.file();
  }

  /** Appends the final, or throws with the file as it was (any fragment of the line cut off again). */
  public void append(CaptionEvent event) throws IOException {
    if (!event.isFinal()) {
      throw new IllegalArgumentException("only final captions are stored, got " + event.type());
    }
    lines.append(event.toStoredJson());
  }

  /** The stored finals with a sequence number above {@code afterSeq}, in order. */
  public List<CaptionEvent> readAfter(long afterSeq) throws IOException {
    return lines.readAfter(afterSeq);
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
    JsonLinesFile.Page<CaptionEvent> page = lines.readPage(afterSeq, from, maxBytes);
    return new Page(page.records(), page.next(), page.atEnd());
  }

  /** The highest stored sequence number, or 0 for an empty log. */
  public long lastSeq() throws IOException {
    return lines.lastSeq();
  }

  @Override
  public void close() {
    lines.close();
  }
}
