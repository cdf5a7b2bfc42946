package io.captiond.translate;

import io.captiond.files.LineLogs;
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
 * The append-only file of one stream's translated finals in one language,
 * {@code captions.<lang>.jsonl} beside the source's {@code captions.jsonl}, in the same shape: one
 * JSON object a line, on disk (written and forced) before {@link #append} returns; a torn last line
 * is skipped on reading and cut off before the next append.
 *
 * <p>Blocking: call from worker threads. One writer per stream and language; readers read whole lines.
 */
public final class TranslationLog implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(TranslationLog.class.getName());

  private final Path file;
  private FileChannel writer;
  private long wholeLinesEnd;

  public TranslationLog(Path file) {
    this.file = file;
  }

  /** The log of {@code language} in the stream folder {@code streamDir}. */
  public static TranslationLog in(Path streamDir, String language) {
    if (!io.captiond.translate.LanguagePair.CODE.matcher(language).matches()) {
      throw new IllegalArgumentException("not a language code: " + language);
    }
    return new TranslationLog(streamDir.resolve("captions." + language + ".jsonl"));
  }

  /** Whether anything was ever stored. */
  public boolean exists() {
    return Files.exists(file);
  }

  public synchronized void append(TranslatedCaption caption) throws IOException {
    if (!caption.isFinal()) {
      throw new IllegalArgumentException("only translated finals are stored");
    }
    ByteBuffer line = ByteBuffer.wrap((caption.toStoredJson().encode() + "\n").getBytes(StandardCharsets.UTF_8));
    if (writer == null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      writer = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      wholeLinesEnd = LineLogs.wholeLinesEnd(writer);
    }
    try {
      writer.truncate(wholeLinesEnd);
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
        // cut off before the next append
      }
      throw e;
    }
  }


  /** The stored finals with a sequence number above {@code afterSeq}, in order. */
  public List<TranslatedCaption> readAfter(long afterSeq) throws IOException {
    List<TranslatedCaption> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    int end = content.lastIndexOf('\n');
    if (end < 0) {
      return out;
    }
    for (String line : content.substring(0, end).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        TranslatedCaption caption = TranslatedCaption.fromStoredJson(new JsonObject(line));
        if (caption.seq() > afterSeq) {
          out.add(caption);
        }
      } catch (DecodeException | ClassCastException | NullPointerException | IllegalArgumentException e) {
        LOG.warning(() -> file + ": skipping unreadable translated caption line: " + e);
      }
    }
    return out;
  }

  /** The highest stored sequence number, or 0. */
  public long lastSeq() throws IOException {
    List<TranslatedCaption> all = readAfter(0);
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
