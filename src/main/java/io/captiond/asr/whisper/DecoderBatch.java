package io.captiond.asr.whisper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.captiond.asr.AsrException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The decoder's key/value caches for several sequences stepped together: row {@code i} of every
 * tensor belongs to sequence {@code i} (batch dimension of {@code input_ids},
 * {@code encoder_hidden_states} and {@code past_key_values.*}).
 *
 * <p>The Hugging Face decoders take no attention mask, and {@code decoder_with_past_model.onnx}
 * places a new token at position {@code past length}: every row must have the same length at every
 * step. So the rows of one batch share a prompt length and step in lockstep; a row that has finished
 * keeps being fed (its outputs are ignored), as Whisper's own batched decode does. The rows never
 * see each other: each row's logits are those of a batch of one.
 *
 * <p>{@link #select} reorders the self-attention caches (beam search's {@code rearrange_kv_cache});
 * the cross-attention caches are shared by rows of the same audio and are left in place.
 * {@link #nextTokens} feeds a batch of one row several tokens at once and {@link #truncate} cuts the
 * self-attention caches back (a draft verified, {@link DraftedDecoder}). Not thread-safe.
 */
final class DecoderBatch implements AutoCloseable {

  private final WhisperModel model;
  private final WhisperConfig config;
  private final int rows;
  private final OnnxTensor audio;
  private OrtSession.Result first;
  private OrtSession.Result latest;
  /** Self-attention caches made by {@link #select}, owned here; empty when {@link #latest} holds them. */
  private final Map<String, OnnxTensor> reordered = new HashMap<>();
  private int length;
  private int promptLength;
  /**
   * The prompt's logits {@code [rows, prompt length, vocab]}, copied out of ONNX Runtime's tensor
   * once; the last positions and the no-speech probabilities are read here. They are not written in
   * place as a step's are: a buffer that size for every decode is fresh memory each time, whose pages
   * cost more than the copy, and direct memory is given back only when a collection finds its buffer
   * (tried: the process grew by 1.1 GB over 200 decodes of the tiny model).
   */
  private FloatBuffer promptLogits;
  /**
   * Where ONNX Runtime writes each one-token step's logits {@code [rows, 1, vocab]}: read there, a
   * row is copied once, not out of ONNX Runtime's tensor into a fresh buffer whole and then into its
   * array. Null until the first step, and for a model whose logits have another name.
   */
  private PinnedLogits stepLogits;
  /** The last position's logit bounds and projection input of each row ({@link ExactLogits}); else null. */
  private float[][] bounds;
  private float[][] hidden;

  /**
   * @param audio each row's encoder output {@code [n_audio_ctx * d_model]}; rows may share an array
   */
  DecoderBatch(WhisperModel model, float[][] audio) throws AsrException {
    this.model = model;
    this.config = model.config();
    this.rows = audio.length;
    int each = audio[0].length;
    if (each % config.dModel() != 0) {
      throw new AsrException("audio features of " + each + " floats are not a multiple of d_model " + config.dModel());
    }
    float[] all = new float[rows * each];
    for (int i = 0; i < rows; i++) {
      if (audio[i].length != each) {
        throw new AsrException("audio features of a batch differ in length: " + audio[i].length + " vs " + each);
      }
      System.arraycopy(audio[i], 0, all, i * each, each);
    }
    try {
      this.audio = OnnxTensor.createTensor(model.env(), FloatBuffer.wrap(all),
          new long[] {rows, each / config.dModel(), config.dModel()});
    } catch (OrtException e) {
      throw new AsrException("cannot hold audio features: " + e.getMessage(), e);
    }
  }

  int rows() {
    return rows;
  }

  /** Runs {@code decoder_model.onnx} on one prompt per row (all of one length); the logits after each. */
  float[][] prompt(int[][] tokens) throws AsrException {
    if (first != null) {
      throw new IllegalStateException("prompt already given");
    }
    int promptLength = tokens[0].length;
    for (int[] row : tokens) {
      if (row.length != promptLength) {
        throw new IllegalArgumentException("prompts of one batch must have one length");
      }
    }
    if (promptLength == 0 || promptLength >= config.maxTargetPositions()) {
      throw new AsrException("prompt of " + promptLength + " tokens; want 1 to " + (config.maxTargetPositions() - 1));
    }
    try (OnnxTensor ids = ids(tokens)) {
      first = model.runPrompt(ids, audio, rows);
      length = promptLength;
      this.promptLength = promptLength;
      keepExactInputs(first, promptLength);
      promptLogits = ((OnnxTensor) first.get(0)).getFloatBuffer();
      return lastRows(promptLogits, promptLength);
    } catch (OrtException e) {
      throw new AsrException(WhisperModel.DECODER_FILE + " failed on a batch of " + rows + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whisper's no-speech probability of row {@code row}: that of {@code <|nospeech|>} after the
   * {@code <|startoftranscript|>} of its prompt {@code prompt}; 0 where the prompt has none.
   */
  double noSpeechProbability(int row, int[] prompt) {
    WhisperTokenizer tokenizer = model.tokenizer();
    int sotIndex = GreedyDecoder.indexOf(prompt, tokenizer.sot());
    return sotIndex < 0 ? 0 : LogSoftmax.probabilityAt(promptLogits(row, sotIndex), tokenizer.noSpeech());
  }

  /** Row {@code row}'s logits after prompt token {@code index}. */
  float[] promptLogits(int row, int index) {
    int vocab = config.vocabSize();
    float[] out = new float[vocab];
    promptLogits.get((row * promptLength + index) * vocab, out, 0, vocab);
    return out;
  }

  /** Runs {@code decoder_with_past_model.onnx} on one more token per row. */
  float[][] next(int[] tokens) throws AsrException {
    int[][] column = new int[rows][];
    for (int i = 0; i < rows; i++) {
      column[i] = new int[] {tokens[i]};
    }
    return lastRows(step(column), 1);
  }

  /**
   * Runs {@code decoder_with_past_model.onnx} on several more tokens of a single row (a drafted
   * continuation to verify, {@link DraftedDecoder}): the logits after each of them. The step graph
   * must mask attention causally (the exported one does; the one-token graph of {@code slim_step.py}
   * does not, and fails on more than one token).
   */
  float[][] nextTokens(int[] tokens) throws AsrException {
    if (rows != 1) {
      throw new IllegalArgumentException("several tokens at once are fed to a batch of one row only");
    }
    FloatBuffer buffer = step(new int[][] {tokens});
    int vocab = buffer.remaining() / tokens.length;
    float[][] out = new float[tokens.length][vocab];
    for (int p = 0; p < tokens.length; p++) {
      buffer.get(p * vocab, out[p], 0, vocab);
    }
    return out;
  }

  /** How many positions the self-attention caches hold. */
  int length() {
    return length;
  }

  /**
   * Cuts every self-attention cache back to its first {@code keep} positions: the positions after
   * were computed from drafted tokens that the model did not pick.
   */
  void truncate(int keep) throws AsrException {
    if (keep < 1 || keep > length) {
      throw new IllegalArgumentException("cannot cut a cache of " + length + " positions to " + keep);
    }
    if (keep == length) {
      return;
    }
    Map<String, OnnxTensor> cut = new HashMap<>();
    try {
      for (int i = 0; i < config.decoderLayers(); i++) {
        for (String kv : new String[] {"key", "value"}) {
          OnnxTensor cache = selfCache(i, kv);
          long[] shape = cache.getInfo().getShape(); // [rows, heads, length, head size]
          FloatBuffer buffer = cache.getFloatBuffer();
          int blocks = (int) (shape[0] * shape[1]);
          int each = (int) shape[3];
          FloatBuffer out = java.nio.ByteBuffer.allocateDirect(blocks * keep * each * Float.BYTES)
              .order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
          for (int b = 0; b < blocks; b++) {
            out.put(buffer.slice(b * length * each, keep * each));
          }
          out.rewind();
          cut.put("past_key_values." + i + ".decoder." + kv,
              OnnxTensor.createTensor(model.env(), out, new long[] {shape[0], shape[1], keep, shape[3]}));
        }
      }
    } catch (OrtException e) {
      cut.values().forEach(OnnxTensor::close);
      throw new AsrException("cannot cut the decoder cache: " + e.getMessage(), e);
    }
    releaseSelfCache();
    reordered.putAll(cut);
    length = keep;
  }

  /** One call of the step graph on {@code tokens[row]} per row, all of one width; its logits {@code [rows, width, vocab]}. */
  private FloatBuffer step(int[][] tokens) throws AsrException {
    if (first == null) {
      throw new IllegalStateException("prompt not given");
    }
    int width = tokens[0].length;
    if (length + width > config.maxTargetPositions()) {
      throw new AsrException("decode reached max_target_positions " + config.maxTargetPositions());
    }
    try (OnnxTensor ids = ids(tokens)) {
      Map<String, OnnxTensor> inputs = new HashMap<>();
      inputs.put("input_ids", ids);
      if (model.withPastTakesEncoderStates()) {
        inputs.put("encoder_hidden_states", audio);
      }
      for (int i = 0; i < config.decoderLayers(); i++) {
        for (String kv : new String[] {"key", "value"}) {
          inputs.put("past_key_values." + i + ".decoder." + kv, selfCache(i, kv));
          inputs.put("past_key_values." + i + ".encoder." + kv, tensor(first, "present." + i + ".encoder." + kv));
        }
      }
      if (stepLogits == null && width == 1 && model.writesNamedLogits()) {
        stepLogits = new PinnedLogits(model, rows);
      }
      PinnedLogits pinned = width == 1 ? stepLogits : null;
      OrtSession.Result result = model.runStep(inputs, pinned == null ? null : pinned.tensor());
      releaseSelfCache();
      latest = result;
      length += width;
      keepExactInputs(result, width);
      return pinned != null ? pinned.values() : ((OnnxTensor) result.get(0)).getFloatBuffer();
    } catch (OrtException e) {
      throw new AsrException(WhisperModel.DECODER_WITH_PAST_FILE + " failed at position " + length + ": "
          + e.getMessage(), e);
    }
  }

  /** Row {@code row}'s logit bounds at the last position (the {@code _q8x} layout only). */
  float[] bounds(int row) {
    return bounds[row];
  }

  /** Row {@code row}'s projection input at the last position (the {@code _q8x} layout only). */
  float[] hidden(int row) {
    return hidden[row];
  }

  private void keepExactInputs(OrtSession.Result result, int positions) throws OrtException {
    if (model.exactLogits()) {
      bounds = lastRows(tensor(result, ExactLogits.BOUNDS).getFloatBuffer(), positions);
      hidden = lastRows(tensor(result, ExactLogits.HIDDEN).getFloatBuffer(), positions);
    }
  }

  /**
   * Row {@code i} continues the sequence that was row {@code sources[i]}: the self-attention caches
   * are gathered. Every row must decode the same audio (beam search), since the cross-attention
   * caches stay as they are.
   */
  void select(int[] sources) throws AsrException {
    if (sources.length != rows) {
      throw new IllegalArgumentException("select keeps " + rows + " rows, got " + sources.length);
    }
    Map<String, OnnxTensor> gathered = new HashMap<>();
    try {
      for (int i = 0; i < config.decoderLayers(); i++) {
        for (String kv : new String[] {"key", "value"}) {
          OnnxTensor cache = selfCache(i, kv);
          long[] shape = cache.getInfo().getShape();
          FloatBuffer buffer = cache.getFloatBuffer();
          int rowSize = buffer.remaining() / rows;
          float[] out = new float[buffer.remaining()];
          for (int r = 0; r < rows; r++) {
            buffer.get(sources[r] * rowSize, out, r * rowSize, rowSize);
          }
          gathered.put("past_key_values." + i + ".decoder." + kv,
              OnnxTensor.createTensor(model.env(), FloatBuffer.wrap(out), shape));
        }
      }
    } catch (OrtException e) {
      gathered.values().forEach(OnnxTensor::close);
      throw new AsrException("cannot reorder the decoder cache: " + e.getMessage(), e);
    }
    releaseSelfCache();
    reordered.putAll(gathered);
  }

  private OnnxTensor selfCache(int layer, String kv) throws OrtException {
    OnnxTensor own = reordered.get("past_key_values." + layer + ".decoder." + kv);
    if (own != null) {
      return own;
    }
    return tensor(latest == null ? first : latest, "present." + layer + ".decoder." + kv);
  }

  private void releaseSelfCache() {
    reordered.values().forEach(OnnxTensor::close);
    reordered.clear();
    if (latest != null) {
      latest.close();
      latest = null;
    }
  }

  private OnnxTensor ids(int[][] tokens) throws OrtException {
    int width = tokens[0].length;
    long[] ids = new long[tokens.length * width];
    for (int r = 0; r < tokens.length; r++) {
      for (int c = 0; c < width; c++) {
        ids[r * width + c] = tokens[r][c];
      }
    }
    return OnnxTensor.createTensor(model.env(), LongBuffer.wrap(ids), new long[] {tokens.length, width});
  }

  private static OnnxTensor tensor(OrtSession.Result result, String name) throws OrtException {
    return (OnnxTensor) result.get(name).orElseThrow(() -> new OrtException("output " + name + " missing"));
  }

  /** The last position's logits of each row of {@code [rows, positions, vocab]}. */
  private float[][] lastRows(FloatBuffer buffer, int positions) {
    int vocab = buffer.remaining() / (rows * positions);
    float[][] out = new float[rows][vocab];
    for (int r = 0; r < rows; r++) {
      buffer.get((r * positions + positions - 1) * vocab, out[r], 0, vocab);
    }
    return out;
  }

  @Override
  public void close() {
    releaseSelfCache();
    if (first != null) {
      first.close();
    }
    if (stepLogits != null) {
      stepLogits.close();
    }
    audio.close();
  }

}
