package io.captiond.asr.whisper;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.captiond.asr.AsrException;
import io.captiond.onnx.OnnxEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds and opens the files of a Whisper model folder ({@link WhisperModel} describes the layout): the
 * variant's ONNX files, in the folder or its {@code onnx/} sub-folder, split or merged decoder, the
 * vocabulary, the sessions on the device asked for (the CPU where CUDA fails), each checked against
 * the config ({@link ModelChecks}); an error names the file at fault.
 */
final class ModelFolder {

  private static final Logger LOG = Logger.getLogger(WhisperModel.class.getName());

  private ModelFolder() {}

  /** {@link WhisperModel#load(Path, int, String, WhisperSettings.Device)}. */
  static WhisperModel load(Path dir, int intraOpThreads, String variant, WhisperSettings.Device device)
      throws AsrException {
    return load(dir, intraOpThreads, variant, device, Pool.SHARED_WHERE_ALLOWED);
  }

  /** Where the sessions' intra-op threads come from. */
  enum Pool {
    /** {@link OnnxEnvironment}'s shared pool where its size is what is asked (or 0); else pools of their own. */
    SHARED_WHERE_ALLOWED,
    /** A pool per session, of the size asked (what every model had before the shared pool; for comparisons). */
    OWN
  }

  static WhisperModel load(Path dir, int intraOpThreads, String variant, WhisperSettings.Device device, Pool pool)
      throws AsrException {
    if (!Files.isDirectory(dir)) {
      throw new AsrException("Whisper model folder " + dir + " not found");
    }
    if (!Files.isRegularFile(dir.resolve("config.json"))) {
      throw new AsrException("Whisper model folder " + dir + " lacks config.json");
    }
    String encoderFile = withVariant(WhisperModel.ENCODER_FILE, variant);
    String decoderFile = withVariant(WhisperModel.DECODER_FILE, variant);
    String withPastFile = withVariant(WhisperModel.DECODER_WITH_PAST_FILE, variant);
    Path onnxDir = Files.isRegularFile(dir.resolve(encoderFile)) || !Files.isDirectory(dir.resolve("onnx"))
        ? dir : dir.resolve("onnx");
    String mergedFile = withVariant(WhisperModel.DECODER_MERGED_FILE, variant);
    boolean split = Files.isRegularFile(onnxDir.resolve(decoderFile)) && Files.isRegularFile(onnxDir.resolve(withPastFile));
    if (!split && Files.isRegularFile(onnxDir.resolve(mergedFile))) {
      // the merged layout: one session serves the prompt (use_cache_branch false) and the steps (true)
      decoderFile = mergedFile;
      withPastFile = mergedFile;
    }
    for (String file : List.of(encoderFile, decoderFile, withPastFile)) {
      if (!Files.isRegularFile(onnxDir.resolve(file))) {
        throw new AsrException("Whisper model folder " + onnxDir + " lacks " + file
            + (file.equals(encoderFile) ? " (whisper.variant '" + variant + "'; variants there: "
                + ModelChecks.variantsIn(onnxDir) + ")"
                : " (it needs " + withVariant(WhisperModel.DECODER_FILE, variant) + " and "
                + withVariant(WhisperModel.DECODER_WITH_PAST_FILE, variant) + ", or " + mergedFile + ")"));
      }
    }
    WhisperConfig config;
    WhisperTokenizer tokenizer;
    try {
      config = WhisperConfig.read(dir);
      tokenizer = loadTokenizer(dir, config);
    } catch (IOException e) {
      throw new AsrException(e.getMessage(), e);
    }
    OrtEnvironment env = OnnxEnvironment.get();
    if (device != WhisperSettings.Device.CPU) {
      try {
        return open(env, onnxDir, encoderFile, decoderFile, withPastFile, withVariant(ExactLogits.ROWS_FILE, variant),
            config, tokenizer, intraOpThreads, pool, true);
      } catch (AsrException e) {
        Level level = device == WhisperSettings.Device.CUDA
            ? Level.WARNING : Level.INFO;
        LOG.log(level, () -> "Whisper " + dir.getFileName() + ": CUDA not usable (" + e.getMessage()
            + "); running on the CPU");
      }
    }
    return open(env, onnxDir, encoderFile, decoderFile, withPastFile, withVariant(ExactLogits.ROWS_FILE, variant),
        config, tokenizer, intraOpThreads, pool, false);
  }

  private static WhisperModel open(OrtEnvironment env, Path onnxDir, String encoderFile, String decoderFile,
      String withPastFile, String rowsFile, WhisperConfig config, WhisperTokenizer tokenizer, int intraOpThreads,
      Pool pool, boolean cuda) throws AsrException {
    List<OrtSession> opened = new ArrayList<>();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      if (pool == Pool.SHARED_WHERE_ALLOWED) {
        OnnxEnvironment.useThreads(options, intraOpThreads);
      } else if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      if (cuda) {
        options.addCUDA(0);
      }
      OrtSession encoder = open(env, onnxDir.resolve(encoderFile), options, opened);
      OrtSession decoder = open(env, onnxDir.resolve(decoderFile), options, opened);
      OrtSession withPast = withPastFile.equals(decoderFile) ? decoder
          : open(env, onnxDir.resolve(withPastFile), options, opened);
      ModelChecks.check(onnxDir, encoderFile, decoderFile, withPastFile, config, encoder, decoder, withPast);
      OrtSession rows = null;
      if (decoder.getOutputNames().contains(ExactLogits.BOUNDS)) {
        // the decoder's logits are approximate: the float32 rows that make its picks exact are not optional
        if (!Files.isRegularFile(onnxDir.resolve(rowsFile))) {
          throw new AsrException("Whisper model folder " + onnxDir + " lacks " + rowsFile + ": " + decoderFile
              + " outputs approximate logits with " + ExactLogits.BOUNDS + ", and captiond needs that file's float32"
              + " rows to pick float32's tokens (models/synthetic/quantize_exact.py writes both)");
        }
        try (OrtSession.SessionOptions single = rowsOptions(cuda)) {
          rows = open(env, onnxDir.resolve(rowsFile), single, opened);
        }
        ModelChecks.checkExact(onnxDir, decoderFile, withPastFile, rowsFile, config, decoder, withPast, rows);
      }
      return new WhisperModel(env, config, tokenizer, encoder, decoder, withPast, rows, cuda ? "CUDA" : "CPU",
          intraOpThreads);
    } catch (OrtException | AsrException | RuntimeException e) {
      for (OrtSession session : opened) {
        WhisperModel.closeQuietly(session);
      }
      throw e instanceof AsrException asr ? asr : new AsrException("ONNX Runtime: " + e.getMessage(), e);
    }
  }

  /**
   * The float32 rows model ({@link ExactLogits}) runs on the calling thread: its work (a few hundred
   * dot products) is far below what a second thread repays, and a pool of its own would wake, spin
   * and contend for the cores with the decoder's pool, which spins on between steps.
   */
  private static OrtSession.SessionOptions rowsOptions(boolean cuda) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    options.setInterOpNumThreads(1);
    if (cuda) {
      options.addCUDA(0);
    }
    return options;
  }

  private static String withVariant(String file, String variant) {
    return file.replace(".onnx", variant + ".onnx");
  }

  private static OrtSession open(OrtEnvironment env, Path file, OrtSession.SessionOptions options,
      List<OrtSession> opened) throws AsrException {
    try {
      OrtSession session = env.createSession(file.toString(), options);
      opened.add(session);
      return session;
    } catch (OrtException e) {
      throw new AsrException(file + " could not be loaded by ONNX Runtime: " + e.getMessage(), e);
    }
  }

  private static WhisperTokenizer loadTokenizer(Path dir, WhisperConfig config) throws IOException {
    Path multilingual = dir.resolve(WhisperTokenizer.RankFile.MULTILINGUAL.fileName);
    Path gpt2 = dir.resolve(WhisperTokenizer.RankFile.GPT2.fileName);
    if (config.multilingual() && Files.isRegularFile(multilingual)) {
      return WhisperTokenizer.fromRankFile(multilingual, config.vocabSize());
    }
    if (!config.multilingual() && Files.isRegularFile(gpt2)) {
      return WhisperTokenizer.fromRankFile(gpt2, config.vocabSize());
    }
    if (Files.isRegularFile(dir.resolve("tokenizer.json")) || Files.isRegularFile(dir.resolve("vocab.json"))) {
      return WhisperTokenizer.fromHuggingFace(dir, config.vocabSize(), config.multilingual());
    }
    throw new IOException("Whisper model folder " + dir + " lacks a vocabulary: "
        + (config.multilingual() ? multilingual.getFileName() : gpt2.getFileName())
        + " (Whisper's tiktoken ranks), tokenizer.json, or vocab.json + merges.txt");
  }
}
