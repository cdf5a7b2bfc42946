package io.captiond.asr.pocketsphinx;

import io.captiond.asr.AsrException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the pocketsphinx model lives (keys {@code pocketsphinx.*}) and how many decoders may run at
 * once ({@code asr.concurrency}).
 *
 * @param acousticModelDir the acoustic model directory ({@code -hmm}), holding {@code mdef} and friends
 * @param languageModel the n-gram language model ({@code -lm}), ARPA or binary
 * @param dictionary the pronunciation dictionary ({@code -dict})
 * @param poolSize how many decoders may exist at once for windows decoded whole; each holds its own
 *     copy of the models
 * @param openUtterances how many utterances fed as they arrive may be open at once, each with a decoder
 *     of its own (about one per speaking stream)
 * @param search how wide every decoder searches (CPU against accuracy)
 * @param mode how streams use the engine, which decides the decoders loaded at start: {@link Mode#STREAMING}
 *     loads {@code readyDecoders} for utterances fed as they arrive, {@link Mode#WINDOWED} the whole pool
 * @param readyDecoders decoders for utterances fed as they arrive kept loaded ahead of need
 *     (0..openUtterances), so that a stream that starts speaking does not wait half a second for one
 */
public record PocketSphinxSettings(Path acousticModelDir, Path languageModel, Path dictionary, int poolSize,
    int openUtterances, PocketSphinxSearch search, Mode mode, int readyDecoders) {

  /** How streams use the engine ({@code pocketsphinx.mode}). */
  public enum Mode {
    /** Each utterance is fed to a decoder of its own as it arrives. */
    STREAMING,
    /** Windows are decoded whole, each by a decoder of the pool. */
    WINDOWED
  }

  public static final String HMM = "pocketsphinx.hmm";
  public static final String LM = "pocketsphinx.lm";
  public static final String DICT = "pocketsphinx.dict";
  public static final String OPEN_UTTERANCES = "pocketsphinx.open_utterances";
  public static final String READY_DECODERS = "pocketsphinx.ready_decoders";
  /** One a core of a small machine: two streams may start speaking at once without waiting. */
  public static final int DEFAULT_READY_DECODERS = 2;
  /** Room for the streams a 2-core node can caption this way, with some to spare. */
  public static final int DEFAULT_OPEN_UTTERANCES = 32;

  /** Where Debian's {@code pocketsphinx-en-us} installs the US English model. */
  public static final Path DEBIAN_MODEL_DIR = Path.of("/usr/share/pocketsphinx/model/en-us");

  static final String INSTALL_HINT = "install the Debian packages libpocketsphinx3 pocketsphinx-en-us";

  public PocketSphinxSettings {
    Objects.requireNonNull(acousticModelDir, "acousticModelDir");
    Objects.requireNonNull(languageModel, "languageModel");
    Objects.requireNonNull(dictionary, "dictionary");
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(mode, "mode");
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be >= 1, was " + poolSize);
    }
    if (openUtterances < 1) {
      throw new IllegalArgumentException("openUtterances must be >= 1, was " + openUtterances);
    }
    if (readyDecoders < 0 || readyDecoders > openUtterances) {
      throw new IllegalArgumentException("readyDecoders must be 0.." + openUtterances + " (openUtterances), was "
          + readyDecoders);
    }
  }

  public PocketSphinxSettings(Path acousticModelDir, Path languageModel, Path dictionary, int poolSize,
      int openUtterances, PocketSphinxSearch search) {
    this(acousticModelDir, languageModel, dictionary, poolSize, openUtterances, search, Mode.STREAMING,
        Math.min(DEFAULT_READY_DECODERS, openUtterances));
  }

  public PocketSphinxSettings(Path acousticModelDir, Path languageModel, Path dictionary, int poolSize,
      int openUtterances) {
    this(acousticModelDir, languageModel, dictionary, poolSize, openUtterances, PocketSphinxSearch.defaults());
  }

  public PocketSphinxSettings(Path acousticModelDir, Path languageModel, Path dictionary, int poolSize) {
    this(acousticModelDir, languageModel, dictionary, poolSize, DEFAULT_OPEN_UTTERANCES);
  }

  /** Debian's US English model, two decoders (one per core of a small machine). */
  public static PocketSphinxSettings defaults() {
    return new PocketSphinxSettings(
        DEBIAN_MODEL_DIR.resolve("en-us"),
        DEBIAN_MODEL_DIR.resolve("en-us.lm.bin"),
        DEBIAN_MODEL_DIR.resolve("cmudict-en-us.dict"),
        2);
  }

  public PocketSphinxSettings withPoolSize(int size) {
    return new PocketSphinxSettings(acousticModelDir, languageModel, dictionary, size, openUtterances, search, mode,
        readyDecoders);
  }

  public PocketSphinxSettings withSearch(PocketSphinxSearch other) {
    return new PocketSphinxSettings(acousticModelDir, languageModel, dictionary, poolSize, openUtterances, other,
        mode, readyDecoders);
  }

  public PocketSphinxSettings withDictionary(Path other) {
    return new PocketSphinxSettings(acousticModelDir, languageModel, other, poolSize, openUtterances, search, mode,
        readyDecoders);
  }

  public PocketSphinxSettings withLoading(Mode startMode, int ready) {
    return new PocketSphinxSettings(acousticModelDir, languageModel, dictionary, poolSize, openUtterances, search,
        startMode, ready);
  }

  /**
   * The language of the acoustic model, from its folder name as the CMU models are named
   * ({@code en-us}, {@code fr-fr}, {@code de}); {@code en} when no folder says (the default model).
   */
  public String language() {
    for (Path part = acousticModelDir; part != null; part = part.getParent()) {
      java.util.regex.Matcher m = MODEL_LANGUAGE.matcher(part.getFileName() == null ? "" : part.getFileName().toString());
      if (m.matches()) {
        return m.group(1);
      }
    }
    return PocketSphinxEngine.LANGUAGE;
  }

  private static final java.util.regex.Pattern MODEL_LANGUAGE = java.util.regex.Pattern.compile("([a-z]{2})(-[a-z]{2})?");

  /** Throws naming the first model file that is not there, so that the fix is obvious. */
  void requireModelFiles() throws AsrException {
    requireExists(acousticModelDir.resolve("mdef"), "acoustic model");
    requireExists(languageModel, "language model");
    requireExists(dictionary, "dictionary");
  }

  private static void requireExists(Path path, String what) throws AsrException {
    if (!Files.isRegularFile(path)) {
      throw new AsrException("pocketsphinx " + what + " not found at " + path.toAbsolutePath()
          + "; " + INSTALL_HINT + " or configure the model paths");
    }
  }
}
