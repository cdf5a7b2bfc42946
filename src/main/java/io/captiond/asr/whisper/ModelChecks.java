package io.captiond.asr.whisper;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.captiond.asr.AsrException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Checks that the three ONNX graphs have the tensors {@link WhisperModel} feeds and reads, with
 * the sizes the config gives. Dynamic dimensions (-1) pass; fixed ones must match.
 */
final class ModelChecks {

  private ModelChecks() {}

  static void check(Path dir, String encoderFile, String decoderFile, String withPastFile, WhisperConfig config,
      OrtSession encoder, OrtSession decoder, OrtSession withPast) throws AsrException, OrtException {
    int heads = config.decoderAttentionHeads();
    int headDim = config.headDim();
    Path enc = dir.resolve(encoderFile);
    expect(enc, "input", encoder.getInputInfo(), "input_features", -1, config.numMelBins(), LogMelSpectrogram.CHUNK_FRAMES);
    expect(enc, "output", encoder.getOutputInfo(), "last_hidden_state", -1, config.maxSourcePositions(), config.dModel());

    requireFloat(enc, "input", encoder.getInputInfo(), "input_features");
    Path dec = dir.resolve(decoderFile);
    expect(dec, "input", decoder.getInputInfo(), "input_ids", -1, -1);
    expect(dec, "input", decoder.getInputInfo(), "encoder_hidden_states", -1, -1, config.dModel());
    expect(dec, "output", decoder.getOutputInfo(), "logits", -1, -1, config.vocabSize());
    requireFloat(dec, "output", decoder.getOutputInfo(), "logits");
    Path past = dir.resolve(withPastFile);
    expect(past, "input", withPast.getInputInfo(), "input_ids", -1, -1);
    expect(past, "output", withPast.getOutputInfo(), "logits", -1, -1, config.vocabSize());
    for (int i = 0; i < config.decoderLayers(); i++) {
      for (String kv : new String[] {"key", "value"}) {
        for (String part : new String[] {"decoder", "encoder"}) {
          expect(dec, "output", decoder.getOutputInfo(), "present." + i + "." + part + "." + kv, -1, heads, -1, headDim);
          expect(past, "input", withPast.getInputInfo(), "past_key_values." + i + "." + part + "." + kv, -1, heads, -1, headDim);
        }
        expect(past, "output", withPast.getOutputInfo(), "present." + i + ".decoder." + kv, -1, heads, -1, headDim);
      }
    }
  }

  /**
   * The {@code _q8x} layout ({@link ExactLogits}): both decoders give the bounds and the projection
   * input beside the logits, and the rows model turns that input into float32 logits.
   */
  static void checkExact(Path dir, String decoderFile, String withPastFile, String rowsFile, WhisperConfig config,
      OrtSession decoder, OrtSession withPast, OrtSession rows) throws AsrException, OrtException {
    for (String file : new String[] {decoderFile, withPastFile}) {
      Map<String, NodeInfo> outputs = (file.equals(decoderFile) ? decoder : withPast).getOutputInfo();
      expect(dir.resolve(file), "output", outputs, ExactLogits.BOUNDS, -1, -1, config.vocabSize());
      expect(dir.resolve(file), "output", outputs, ExactLogits.HIDDEN, -1, -1, config.dModel());
    }
    Path file = dir.resolve(rowsFile);
    expect(file, "input", rows.getInputInfo(), ExactLogits.ROWS_HIDDEN, -1, config.dModel());
    expect(file, "input", rows.getInputInfo(), ExactLogits.ROWS_IDS, -1);
    if (rows.getOutputInfo().size() != 1) {
      throw new AsrException(file + " has outputs " + rows.getOutputInfo().keySet() + "; want one, the logits");
    }
  }

  /**
   * The variants a folder holds, as {@code whisper.variant} names them: the suffixes of its
   * {@code encoder_model*.onnx} files ({@code ""} for the float32 one), sorted; "none" if none.
   */
  static String variantsIn(Path dir) {
    String prefix = WhisperModel.ENCODER_FILE.replace(".onnx", "");
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
      String found = files.map(file -> file.getFileName().toString())
          .filter(name -> name.startsWith(prefix) && name.endsWith(".onnx"))
          .map(name -> name.substring(prefix.length(), name.length() - ".onnx".length()))
          .sorted()
          .map(suffix -> suffix.isEmpty() ? "\"\"" : suffix)
          .collect(java.util.stream.Collectors.joining(", "));
      return found.isEmpty() ? "none" : found;
    } catch (java.io.IOException e) {
      return "unreadable (" + e.getMessage() + ")";
    }
  }

  /** captiond feeds and reads float32; an fp16 export must keep float32 inputs and outputs. */
  private static void requireFloat(Path file, String kind, Map<String, NodeInfo> nodes, String name)
      throws AsrException {
    if (nodes.get(name).getInfo() instanceof TensorInfo info && info.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
      throw new AsrException(file + ": " + kind + " '" + name + "' is " + info.type + "; captiond feeds and reads"
          + " float32: pick a variant with float32 inputs and outputs (whisper.variant \"\", _int8, _quantized, or an"
          + " fp16 export made with keep_io_types)");
    }
  }

  private static void expect(Path file, String kind, Map<String, NodeInfo> nodes, String name, long... dims)
      throws AsrException {
    NodeInfo node = nodes.get(name);
    if (node == null) {
      throw new AsrException(file + " has no " + kind + " '" + name + "' (it has " + nodes.keySet() + ")");
    }
    if (!(node.getInfo() instanceof TensorInfo info)) {
      throw new AsrException(file + ": " + kind + " '" + name + "' is not a tensor");
    }
    long[] shape = info.getShape();
    boolean ok = shape.length == dims.length;
    for (int i = 0; ok && i < dims.length; i++) {
      ok = dims[i] < 0 || shape[i] < 0 || shape[i] == dims[i];
    }
    if (!ok) {
      throw new AsrException(file + ": " + kind + " '" + name + "' has shape " + Arrays.toString(shape)
          + ", config.json implies " + Arrays.toString(dims) + " (-1: any)");
    }
  }
}
