package io.captiond.translate;

import io.captiond.files.JsonLinesFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The append-only file of one stream's translated finals in one language,
 * {@code captions.<lang>.jsonl} beside the source's {@code captions.jsonl}, in the same shape
 * ({@link JsonLinesFile}): one JSON object a line, on disk (written and forced) before {@link #append}
 * returns; a torn last line is skipped on reading and cut off before the next append.
 *
 * <p>Blocking: call from worker threads. One writer per stream and language; readers read whole lines.
 */
public final class TranslationLog implements AutoCloseable {

  private final JsonLinesFile<TranslatedCaption> lines;

  public TranslationLog(Path file) {
    this.lines = new JsonLinesFile<>(file, TranslatedCaption::fromStoredJson, TranslatedCaption::seq,
        "translated caption");
  }

  /** The log of {@code language} in the stream folder {@code streamDir}. */
  public static TranslationLog in(Path streamDir, String language) {
    if (!LanguagePair.CODE.matcher(language).matches()) {
      throw new IllegalArgumentException("not a language code: " + language);
    }
    return new TranslationLog(streamDir.resolve("captions." + language + ".jsonl"));
  }

  /** Whether anything was ever stored. */
  public boolean exists() {
    return lines.exists();
  }

  public void append(TranslatedCaption caption) throws IOException {
    if (!caption.isFinal()) {
      throw new IllegalArgumentException("only translated finals are stored");
    }
    lines.append(caption.toStoredJson());
  }

  /** The stored finals with a sequence number above {@code afterSeq}, in order. */
  public List<TranslatedCaption> readAfter(long afterSeq) throws IOException {
    return lines.readAfter(afterSeq);
  }

  /** The highest stored sequence number, or 0. */
  public long lastSeq() throws IOException {
    return lines.lastSeq();
  }

  @Override
  public void close() {
    lines.close();
  }
}
