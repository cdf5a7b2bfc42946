package io.captiond.vad;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import io.captiond.media.Pcm16k;
import io.captiond.onnx.OnnxEnvironment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * The Silero VAD v5 model, loaded once per process and shared by all streams. Thread-safe: ONNX
 * Runtime sessions may run concurrently, and everything that changes per frame lives in the
 * caller's {@link VadState}.
 *
 * <p>Each call scores one frame of exactly {@value VadSettings#FRAME_SAMPLES} samples at 16 kHz. As
 * in Silero's own {@code OnnxWrapper}, the model is fed 576 samples: the last
 * {@value VadState#CONTEXT_SAMPLES} of the previous frame, then the new frame. The graph's input
 * axis is dynamic, so a bare 512 would run without error but score speech onsets far too low.
 */
public final class SileroVad implements AutoCloseable {

  static final String INPUT = "input";
  static final String STATE = "state";
  static final String SAMPLE_RATE = "sr";
  static final String OUTPUT = "output";
  static final String STATE_OUT = "stateN";

  private final Path model;
  private final OrtSession session;
  private final OnnxTensor sampleRate;
  private volatile boolean closed;
  private volatile VadBatcher batcher;
  /** Reused by every batched call: they come one at a time from the batcher. */
  private final BatchBuffers batchBuffers = new BatchBuffers();

  private SileroVad(Path model, OrtSession session, OnnxTensor sampleRate) {
    this.model = model;
    this.session = session;
    this.sampleRate = sampleRate;
  }

  /**
   * Loads and checks the model.
   *
   * @param model the Silero VAD v5 ONNX file
   * @param intraOpThreads ONNX Runtime threads per call (1 is best when many streams share the
   *     model: they already run in parallel)
   * @throws VadException naming the file if it is missing, not an ONNX model, or lacks Silero v5's
   *     inputs ({@code input}, {@code state}, {@code sr}) or outputs ({@code output},
   *     {@code stateN})
   */
  public static SileroVad load(Path model, int intraOpThreads) throws VadException {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be at least 1, got " + intraOpThreads);
    }
    Path path = model.toAbsolutePath();
    if (!Files.isRegularFile(path)) {
      throw new VadException("Silero VAD model not found: " + path);
    }
    if (!Files.isReadable(path)) {
      throw new VadException("Silero VAD model not readable: " + path);
    }
    OrtEnvironment env = OnnxEnvironment.get();
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = env.createSession(path.toString(), options);
    } catch (OrtException e) {
      throw new VadException("not a loadable ONNX model: " + path + ": " + e.getMessage(), e);
    }
    try {
      checkSignature(path, session);
      LongBuffer sr = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder())
          .asLongBuffer().put(0, Pcm16k.SAMPLE_RATE);
      return new SileroVad(path, session, OnnxTensor.createTensor(env, sr, new long[0]));
    } catch (VadException | OrtException | RuntimeException e) {
      closeQuietly(session, e);
      if (e instanceof VadException vad) {
        throw vad;
      }
      throw new VadException("cannot prepare Silero VAD model " + path + ": " + e.getMessage(), e);
    }
  }

  /** Loads {@code config.model()} with {@code config.threads()} intra-op threads. */
  public static SileroVad load(VadSettings config) throws VadException {
    return load(config.model(), config.threads());
  }

  /** A fresh per-stream state: zero recurrent state, zero context. Close it when the stream ends. */
  public VadState newState() {
    checkOpen();
    try {
      return new VadState(this, OnnxEnvironment.get(), sampleRate);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot allocate VAD tensors: " + e.getMessage(), e);
    }
  }

  /**
   * Scores one frame and advances the stream's state.
   *
   * @param state the stream's state, from this model's {@link #newState()}; frames of one stream
   *     must come in order, one call at a time
   * @param frame exactly {@value VadSettings#FRAME_SAMPLES} samples, 16 kHz mono s16
   * @return the probability, in [0, 1], that the frame holds speech
   * @throws VadException if ONNX Runtime fails; the state should then be {@link VadState#reset()}
   */
  public float speechProbability(VadState state, short[] frame) throws VadException {
    if (frame.length != VadSettings.FRAME_SAMPLES) {
      throw new IllegalArgumentException("frame must hold " + VadSettings.FRAME_SAMPLES
          + " samples, got " + frame.length);
    }
    checkOpen();
    state.loadFrame(this, frame);
    try (OrtSession.Result ignored = session.run(state.inputs(), state.outputs())) {
      // Both outputs are pinned to the state's own buffers: nothing to copy out.
      return state.advance();
    } catch (OrtException e) {
      throw new VadException("Silero VAD failed on " + model + ": " + e.getMessage(), e);
    }
  }

  /**
   * Scores one frame of each of several streams in one ONNX Runtime call (the model's batch axis)
   * and advances each stream's state, as {@link #speechProbability} would one by one.
   *
   * @param states distinct streams' states, from this model
   * @param frames one frame per state, each exactly {@value VadSettings#FRAME_SAMPLES} samples
   * @throws VadException if ONNX Runtime fails; the states should then be {@link VadState#reset()}
   */
  public float[] speechProbabilities(VadState[] states, short[][] frames) throws VadException {
    int rows = states.length;
    if (frames.length != rows) {
      throw new IllegalArgumentException(rows + " states but " + frames.length + " frames");
    }
    for (short[] frame : frames) {
      if (frame.length != VadSettings.FRAME_SAMPLES) {
        throw new IllegalArgumentException("frame must hold " + VadSettings.FRAME_SAMPLES + " samples, got " + frame.length);
      }
    }
    checkOpen();
    synchronized (batchBuffers) {
      return scoreRows(states, frames, batchBuffers);
    }
  }

  private float[] scoreRows(VadState[] states, short[][] frames, BatchBuffers buffers) throws VadException {
    int rows = states.length;
    FloatBuffer input = buffers.input(rows);
    FloatBuffer state = buffers.state(rows);
    for (int r = 0; r < rows; r++) {
      states[r].loadBatchRow(this, frames[r], input, state, r, rows);
    }
    FloatBuffer probabilities = buffers.probabilities(rows);
    FloatBuffer nextState = buffers.nextState(rows);
    OrtEnvironment env = OnnxEnvironment.get();
    long[] stateShape = {2, rows, VadState.STATE_WIDTH};
    // Tensors over direct buffers wrap them (no copy); the outputs are pinned to them too.
    try (OnnxTensor inputTensor = OnnxTensor.createTensor(env, input, new long[] {rows, VadState.INPUT_SAMPLES});
         OnnxTensor stateTensor = OnnxTensor.createTensor(env, state, stateShape);
         OnnxTensor probabilityTensor = OnnxTensor.createTensor(env, probabilities, new long[] {rows, 1});
         OnnxTensor nextStateTensor = OnnxTensor.createTensor(env, nextState, stateShape);
         OrtSession.Result ignored = session.run(
             Map.of(INPUT, inputTensor, STATE, stateTensor, SAMPLE_RATE, sampleRate),
             Map.of(OUTPUT, probabilityTensor, STATE_OUT, nextStateTensor))) {
      float[] out = new float[rows];
      for (int r = 0; r < rows; r++) {
        out[r] = states[r].advanceBatched(nextState, r, rows, probabilities.get(r));
      }
      return out;
    } catch (OrtException e) {
      throw new VadException("Silero VAD failed on a batch of " + rows + " from " + model + ": " + e.getMessage(), e);
    }
  }

  /**
   * Scores every stream's frames in shared ONNX Runtime calls from now on: see {@link VadBatcher}.
   * Call once, before the streams start.
   */
  public synchronized void startBatching(VadBatching batching) {
    if (batcher != null) {
      throw new IllegalStateException("batching already started");
    }
    if (batching.enabled()) {
      batcher = new VadBatcher(this, batching);
    }
  }

  /** The shared batcher, when {@link #startBatching} turned it on. */
  public java.util.Optional<VadBatcher> batcher() {
    return java.util.Optional.ofNullable(batcher);
  }

  /** The model file this was loaded from, absolute. */
  public Path model() {
    return model;
  }

  /** Releases the model. States already handed out must no longer be used with it. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (batcher != null) {
      batcher.close(); // first: chunks it still holds fail as "closed" rather than reach a closed session
    }
    closed = true;
    sampleRate.close();
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close Silero VAD session: " + e.getMessage(), e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("SileroVad is closed");
    }
  }

  private static void checkSignature(Path path, OrtSession session)
      throws OrtException, VadException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    if (!inputs.keySet().equals(Set.of(INPUT, STATE, SAMPLE_RATE))
        || !outputs.keySet().equals(Set.of(OUTPUT, STATE_OUT))) {
      throw new VadException("not a Silero VAD v5 model: " + path + ": inputs " + inputs.keySet()
          + " and outputs " + outputs.keySet() + ", want inputs [input, state, sr] and outputs"
          + " [output, stateN]");
    }
    requireTensor(path, inputs.get(INPUT), OnnxJavaType.FLOAT, 2);
    requireTensor(path, inputs.get(STATE), OnnxJavaType.FLOAT, 3);
    requireTensor(path, inputs.get(SAMPLE_RATE), OnnxJavaType.INT64, 0);
    requireTensor(path, outputs.get(OUTPUT), OnnxJavaType.FLOAT, 2);
    requireTensor(path, outputs.get(STATE_OUT), OnnxJavaType.FLOAT, 3);
    long[] stateShape = ((TensorInfo) inputs.get(STATE).getInfo()).getShape();
    // The state is [2, batch, 128]; batch is dynamic (-1) in the published file.
    if (stateShape[0] != 2 || stateShape[2] != 128) {
      throw new VadException("not a Silero VAD v5 model: " + path + ": state has shape "
          + Arrays.toString(stateShape) + ", want [2, batch, 128]");
    }
  }

  private static void requireTensor(Path path, NodeInfo node, OnnxJavaType type, int rank)
      throws VadException {
    ValueInfo info = node.getInfo();
    if (!(info instanceof TensorInfo tensor) || tensor.type != type
        || tensor.getShape().length != rank) {
      throw new VadException("not a Silero VAD v5 model: " + path + ": " + node.getName() + " is "
          + info + ", want a rank-" + rank + " " + type + " tensor");
    }
  }

  private static void closeQuietly(OrtSession session, Exception primary) {
    try {
      session.close();
    } catch (OrtException e) {
      primary.addSuppressed(e);
    }
  }
}
