package io.captiond.asr.pocketsphinx;

import com.sun.jna.Pointer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * The pronunciation dictionary cut down to the words the language model knows. pocketsphinx's n-gram
 * search leaves every other word out of its search tree, so decoding with the cut dictionary searches
 * exactly the same words (the same channels and senones, word for word the same result), but a decoder
 * loads in about half the time and holds ~10 MB less: Debian's en-us dictionary has 134,723 entries, of
 * which 79,420 are pronunciations of the model's 72,547 words.
 *
 * <p>Membership is the search's own: the entry's base word (without its {@code (2)} variant suffix) has an
 * id in the model, asked of sphinxbase, so that any model format it reads is cut the same way.
 */
final class LmDictionary {

  private static final Logger LOG = Logger.getLogger(LmDictionary.class.getName());

  /** sphinxbase's {@code NGRAM_AUTO}: the format is told from the file. */
  private static final int NGRAM_AUTO = 0;
  /** pocketsphinx's default {@code -logbase}; membership does not depend on it. */
  private static final double LOG_BASE = 1.0001;

  /** What the cut kept. */
  record Cut(Path dictionary, int kept, int read) {}

  private LmDictionary() {}

  /**
   * Writes into {@code target} the entries of {@code dictionary} whose word {@code languageModel} knows.
   *
   * @throws IOException when a file cannot be read or written, or sphinxbase cannot read the model
   */
  static Cut write(SphinxNatives natives, Path languageModel, Path dictionary, Path target) throws IOException {
    SphinxBaseLibrary sphinxbase = natives.sphinxbase();
    Pointer logmath = sphinxbase.logmath_init(LOG_BASE, 0, 0);
    if (logmath == null) {
      throw new IOException("sphinxbase could not make a log table");
    }
    try {
      Pointer model = sphinxbase.ngram_model_read(null, languageModel.toString(), NGRAM_AUTO, logmath);
      if (model == null) {
        throw new IOException("sphinxbase could not read the language model " + languageModel);
      }
      try {
        return cut(dictionary, target, word -> sphinxbase.ngram_wid(model, word) != sphinxbase.ngram_unknown_wid(model));
      } finally {
        sphinxbase.ngram_model_free(model);
      }
    } finally {
      sphinxbase.logmath_free(logmath);
    }
  }

  /** Copies the entries whose base word {@code known} accepts, in order, line for line. */
  static Cut cut(Path dictionary, Path target, Predicate<String> known) throws IOException {
    int read = 0;
    int kept = 0;
    // ISO-8859-1 maps every byte to one char and back: entries pass through byte for byte, whatever
    // the dictionary's encoding (pocketsphinx compares bytes).
    try (BufferedReader in = Files.newBufferedReader(dictionary, StandardCharsets.ISO_8859_1);
        BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.ISO_8859_1)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String word = firstField(line);
        if (word.isEmpty()) {
          continue;
        }
        read++;
        if (known.test(baseWord(word))) {
          out.write(line);
          out.newLine();
          kept++;
        }
      }
    }
    if (kept == 0) {
      throw new IOException("no word of " + dictionary + " is in the language model: are they of one language?");
    }
    return new Cut(target, kept, read);
  }

  /** The word an entry spells: {@code read(2)} is the second pronunciation of {@code read}. */
  static String baseWord(String entry) {
    int open = entry.lastIndexOf('(');
    if (open > 0 && entry.endsWith(")")) {
      String variant = entry.substring(open + 1, entry.length() - 1);
      if (!variant.isEmpty() && variant.chars().allMatch(Character::isDigit)) {
        return entry.substring(0, open);
      }
    }
    return entry;
  }

  private static String firstField(String line) {
    String trimmed = line.strip();
    int end = 0;
    while (end < trimmed.length() && !Character.isWhitespace(trimmed.charAt(end))) {
      end++;
    }
    return trimmed.substring(0, end);
  }

  /**
   * The cut dictionary in a temporary file, or {@code dictionary} itself (logged) when it cannot be made:
   * the decoders then load slower, but decode the same.
   */
  static Path cutOrWhole(SphinxNatives natives, Path languageModel, Path dictionary) {
    Path target = null;
    try {
      target = Files.createTempFile("captiond-pocketsphinx-", ".dict");
      target.toFile().deleteOnExit(); // the engine deletes it on close; this, if the process dies first
      long began = System.nanoTime();
      Cut cut = write(natives, languageModel, dictionary, target);
      long ms = (System.nanoTime() - began) / 1_000_000;
      LOG.info(() -> "pocketsphinx dictionary cut to the language model's words: " + cut.kept() + " of "
          + cut.read() + " entries (" + ms + " ms)");
      return target;
    } catch (IOException | RuntimeException e) {
      LOG.warning(() -> "pocketsphinx decoders load the whole dictionary " + dictionary
          + ", not cut to the language model's words: " + e.getMessage());
      deleteQuietly(target);
      return dictionary;
    }
  }

  static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.fine(() -> "could not delete " + file + ": " + e.getMessage());
    }
  }
}
