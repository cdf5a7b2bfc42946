package io.captiond.asr.whisper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.captiond.asr.AsrException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Whisper model folder in the Hugging Face / onnx-community ONNX layout: {@code encoder_model.onnx}
 * ({@code input_features [batch, n_mels, 3000]} → {@code last_hidden_state}),
 * {@code decoder_model.onnx} ({@code input_ids}, {@code encoder_hidden_states} → {@code logits},
 * {@code present.N.decoder|encoder.key|value}), {@code decoder_with_past_model.onnx}
 * ({@code input_ids}, {@code past_key_values.N.*} → {@code logits}, {@code present.N.decoder.*}),
 * or instead of those two Optimum's {@code decoder_model_merged.onnx} (both behind
 * {@code use_cache_branch}), {@code config.json}, {@code generation_config.json}, and a vocabulary: Whisper's tiktoken rank
 * file ({@code multilingual.tiktoken} or {@code gpt2.tiktoken}), else Hugging Face's
 * {@code tokenizer.json} or {@code vocab.json} + {@code merges.txt}. The ONNX files may sit in an
 * {@code onnx/} sub-folder, as onnx-community publishes them.
 *
 * <p>Loading checks every file and the tensor names and fixed sizes against the config, and
 * names the file at fault. Sessions are thread-safe; a decode's caches ({@link DecoderBatch}) are not.
 */
public final class WhisperModel implements AutoCloseable {

  public static final String ENCODER_FILE = "encoder_model.onnx";
  public static final String DECODER_FILE = "decoder_model.onnx";
  public static final String DECODER_WITH_PAST_FILE = "decoder_with_past_model.onnx";
  /** Optimum's single-file decoder: both graphs behind an If on {@code use_cache_branch}. */
  public static final String DECODER_MERGED_FILE = "decoder_model_merged.onnx";
  static final String USE_CACHE_BRANCH = "use_cache_branch";
  static final String LOGITS = "logits";

  private final OrtEnvironment env;
  private final WhisperConfig config;
  private final WhisperTokenizer tokenizer;
  private final OrtSession encoder;
  private final OrtSession decoder;
  private final OrtSession decoderWithPast;
  /** {@code decoder_logit_rows*.onnx} where the decoder bounds its logits ({@link ExactLogits}); else null. */
  private final OrtSession logitRows;
  private final boolean withPastTakesEncoderStates;
  private final boolean merged;
  /** The step graph's outputs beside {@link #LOGITS}, asked for when a step's logits are pinned; else null. */
  private final Set<String> stepOutputsBesideLogits;
  private final String device;
  private final int threads;

  WhisperModel(OrtEnvironment env, WhisperConfig config, WhisperTokenizer tokenizer,
      OrtSession encoder, OrtSession decoder, OrtSession decoderWithPast, OrtSession logitRows, String device,
      int threads) {
    this.device = device;
    this.threads = threads;
    this.env = env;
    this.config = config;
    this.tokenizer = tokenizer;
    this.encoder = encoder;
    this.decoder = decoder;
    this.decoderWithPast = decoderWithPast;
    this.logitRows = logitRows;
    this.withPastTakesEncoderStates = decoderWithPast.getInputNames().contains("encoder_hidden_states");
    this.merged = decoder.getInputNames().contains(USE_CACHE_BRANCH);
    Set<String> outputs = new LinkedHashSet<>(decoderWithPast.getOutputNames());
    this.stepOutputsBesideLogits = outputs.remove(LOGITS) ? outputs : null;
  }

  /**
   * Loads and checks a model folder.
   *
   * @param intraOpThreads ONNX Runtime threads per session run; 0 or the shared pool's size: that pool
   *     ({@link io.captiond.onnx.OnnxEnvironment}), else a pool per session of that size
   * @throws AsrException naming the missing or inconsistent file
   */
  public static WhisperModel load(Path dir, int intraOpThreads) throws AsrException {
    return load(dir, intraOpThreads, "");
  }

  /**
   * Loads a variant whose file names carry a suffix, e.g. {@code _quantized} or {@code _int8} for
   * {@code encoder_model_quantized.onnx} and so on (inputs and outputs must stay float32).
   */
  public static WhisperModel load(Path dir, int intraOpThreads, String variant) throws AsrException {
    return load(dir, intraOpThreads, variant, WhisperSettings.Device.CPU);
  }

  /**
   * Loads a variant on a device. {@code CUDA} and {@code AUTO} add ONNX Runtime's CUDA execution
   * provider (the {@code -Pgpu} build); where it is missing or fails, the model runs on the CPU and
   * a log line says why ({@code CUDA}: a warning, {@code AUTO}: information).
   */
  public static WhisperModel load(Path dir, int intraOpThreads, String variant, WhisperSettings.Device device)
      throws AsrException {
    return ModelFolder.load(dir, intraOpThreads, variant, device);
  }

  public WhisperConfig config() {
    return config;
  }

  public WhisperTokenizer tokenizer() {
    return tokenizer;
  }

  /** {@code CPU} or {@code CUDA}: where the sessions actually run. */
  public String device() {
    return device;
  }

  /** Intra-op threads asked for (0: ONNX Runtime's choice). */
  public int threads() {
    return threads;
  }

  OrtEnvironment env() {
    return env;
  }

  /** The float32 logit rows where the decoder's logits are approximate and bounded; else null. */
  OrtSession logitRows() {
    return logitRows;
  }

  /** Whether greedy picks go through {@link ExactLogits} (the {@code _q8x} layout). */
  public boolean exactLogits() {
    return logitRows != null;
  }

  boolean withPastTakesEncoderStates() {
    return withPastTakesEncoderStates;
  }

  /** Whether the decoder is {@code decoder_model_merged.onnx}. */
  public boolean merged() {
    return merged;
  }

  /**
   * Runs the decoder on a prompt, no cache. The merged decoder also wants the cache inputs (empty
   * ones: length 0) and {@code use_cache_branch = false}.
   */
  OrtSession.Result runPrompt(OnnxTensor ids, OnnxTensor audio, int rows) throws OrtException {
    if (!merged) {
      return decoder.run(Map.of("input_ids", ids, "encoder_hidden_states", audio));
    }
    List<OnnxTensor> made = new ArrayList<>();
    try {
      Map<String, OnnxTensor> inputs = new java.util.HashMap<>();
      inputs.put("input_ids", ids);
      inputs.put("encoder_hidden_states", audio);
      long[] empty = {rows, config.decoderAttentionHeads(), 0, config.headDim()};
      for (int i = 0; i < config.decoderLayers(); i++) {
        for (String part : new String[] {"decoder", "encoder"}) {
          for (String kv : new String[] {"key", "value"}) {
            OnnxTensor none = OnnxTensor.createTensor(env, FloatBuffer.allocate(0), empty);
            made.add(none);
            inputs.put("past_key_values." + i + "." + part + "." + kv, none);
          }
        }
      }
      OnnxTensor branch = OnnxTensor.createTensor(env, new boolean[] {false});
      made.add(branch);
      inputs.put(USE_CACHE_BRANCH, branch);
      return decoder.run(inputs);
    } finally {
      made.forEach(OnnxTensor::close);
    }
  }

  /**
   * Runs the decoder on one step with the cache ({@code use_cache_branch = true} for the merged
   * decoder). With {@code logits} (of exactly the step's logits shape, see {@link #writesNamedLogits}),
   * ONNX Runtime writes the logits there and the Result holds the other outputs; null: it allocates
   * them as usual.
   */
  OrtSession.Result runStep(Map<String, OnnxTensor> inputs, OnnxTensor logits) throws OrtException {
    if (!merged) {
      return runStepGraph(inputs, logits);
    }
    try (OnnxTensor branch = OnnxTensor.createTensor(env, new boolean[] {true})) {
      Map<String, OnnxTensor> all = new java.util.HashMap<>(inputs);
      all.put(USE_CACHE_BRANCH, branch);
      return runStepGraph(all, logits);
    }
  }

  /**
   * Whether the step graph names its logits {@link #LOGITS}, so that a step can have them written
   * into memory it reads (as the exported and converted models all do).
   */
  boolean writesNamedLogits() {
    return stepOutputsBesideLogits != null;
  }

  private OrtSession.Result runStepGraph(Map<String, OnnxTensor> inputs, OnnxTensor logits) throws OrtException {
    return logits == null ? decoderWithPast.run(inputs)
        : decoderWithPast.run(inputs, stepOutputsBesideLogits, Map.of(LOGITS, logits));
  }

  /**
   * Runs the encoder on several 30 s windows at once (batch dimension of {@code input_features}).
   *
   * @return each window's {@code last_hidden_state}, {@code [n_audio_ctx * d_model]} row-major
   */
  public float[][] encode(List<LogMelSpectrogram.Features> batch) throws AsrException {
    int mels = config.numMelBins();
    int frames = LogMelSpectrogram.CHUNK_FRAMES;
    float[] input = new float[batch.size() * mels * frames];
    for (int i = 0; i < batch.size(); i++) {
      LogMelSpectrogram.Features features = batch.get(i);
      if (features.nMels() != mels || features.nFrames() != frames) {
        throw new AsrException("encoder wants " + mels + " x " + frames + " features, got " + features.nMels()
            + " x " + features.nFrames());
      }
      System.arraycopy(features.values(), 0, input, i * mels * frames, mels * frames);
    }
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {batch.size(), mels, frames});
        OrtSession.Result result = encoder.run(Map.of("input_features", tensor))) {
      float[] all = floats((OnnxTensor) result.get(0));
      int each = all.length / batch.size();
      float[][] out = new float[batch.size()][];
      for (int i = 0; i < out.length; i++) {
        out[i] = Arrays.copyOfRange(all, i * each, (i + 1) * each);
      }
      return out;
    } catch (OrtException e) {
      throw new AsrException(ENCODER_FILE + " failed on a batch of " + batch.size() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs the encoder on one 30 s window of features.
   *
   * @return {@code last_hidden_state} of batch 1, {@code [n_audio_ctx * d_model]} row-major
   */
  public float[] encode(LogMelSpectrogram.Features features) throws AsrException {
    if (features.nMels() != config.numMelBins() || features.nFrames() != LogMelSpectrogram.CHUNK_FRAMES) {
      throw new AsrException("encoder wants " + config.numMelBins() + " x " + LogMelSpectrogram.CHUNK_FRAMES
          + " features, got " + features.nMels() + " x " + features.nFrames());
    }
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(features.values()),
            new long[] {1, features.nMels(), features.nFrames()});
        OrtSession.Result result = encoder.run(Map.of("input_features", input))) {
      return floats((OnnxTensor) result.get(0));
    } catch (OrtException e) {
      throw new AsrException(ENCODER_FILE + " failed: " + e.getMessage(), e);
    }
  }

  static float[] floats(OnnxTensor tensor) {
    FloatBuffer buffer = tensor.getFloatBuffer();
    float[] out = new float[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  @Override
  public void close() {
    closeQuietly(encoder);
    closeQuietly(decoder);
    if (decoderWithPast != decoder) {
      closeQuietly(decoderWithPast);
    }
    if (logitRows != null) {
      closeQuietly(logitRows);
    }
  }

  static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // closing releases native memory; nothing to do if it fails
    }
  }
}
