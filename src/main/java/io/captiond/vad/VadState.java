package io.captiond.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * One stream's memory for {@link SileroVad}: the model's recurrent state (fed back from
 * {@code stateN} after each frame) and the last {@value #CONTEXT_SAMPLES} samples of the previous
 * frame, which Silero v5 expects in front of each new frame.
 *
 * <p>Owned by one stream and <b>not thread-safe</b>: frames of one stream go through one state, in
 * order, from one thread at a time. Holds native ONNX Runtime tensors over direct buffers that are
 * reused for every frame: {@link #close()} it when the stream ends.
 */
public final class VadState implements AutoCloseable {

  /** Samples of left context: Silero's wrapper uses 64 at 16 kHz. */
  public static final int CONTEXT_SAMPLES = 64;
  static final int INPUT_SAMPLES = CONTEXT_SAMPLES + VadSettings.FRAME_SAMPLES;
  static final long[] STATE_SHAPE = {2, 1, 128};
  static final int STATE_WIDTH = 128;
  private static final int STATE_FLOATS = 2 * STATE_WIDTH;

  private final FloatBuffer input = directFloats(INPUT_SAMPLES);
  /** A batched run's row (context, then the scaled frame), built on the heap and copied in bulk. */
  private final float[] row = new float[INPUT_SAMPLES];
  private final FloatBuffer probability = directFloats(1);
  /** Two state buffers: one is read while the model writes the next state into the other. */
  private final FloatBuffer[] states = {directFloats(STATE_FLOATS), directFloats(STATE_FLOATS)};
  private final OnnxTensor inputTensor;
  private final OnnxTensor probabilityTensor;
  private final OnnxTensor[] stateTensors = new OnnxTensor[2];
  private final Map<String, OnnxTensorLike>[] inputs;
  private final Map<String, OnnxValue>[] outputs;
  private final SileroVad owner;
  private int current;
  private boolean closed;

  @SuppressWarnings("unchecked")
  VadState(SileroVad owner, OrtEnvironment env, OnnxTensor sampleRate) throws OrtException {
    this.owner = owner;
    inputTensor = OnnxTensor.createTensor(env, input, new long[] {1, INPUT_SAMPLES});
    probabilityTensor = OnnxTensor.createTensor(env, probability, new long[] {1, 1});
    stateTensors[0] = OnnxTensor.createTensor(env, states[0], STATE_SHAPE);
    stateTensors[1] = OnnxTensor.createTensor(env, states[1], STATE_SHAPE);
    inputs = new Map[2];
    outputs = new Map[2];
    for (int i = 0; i < 2; i++) {
      inputs[i] = Map.of(SileroVad.INPUT, inputTensor, SileroVad.STATE, stateTensors[i],
          SileroVad.SAMPLE_RATE, sampleRate);
      outputs[i] = Map.of(SileroVad.OUTPUT, probabilityTensor,
          SileroVad.STATE_OUT, stateTensors[1 - i]);
    }
  }

  /** Forgets everything heard, as after {@link SileroVad#newState()}; for a new stream. */
  public void reset() {
    checkOpen();
    zero(input);
    zero(states[0]);
    zero(states[1]);
    current = 0;
  }

  /** Writes the frame after the context, scaled from s16 to [-1, 1) as Silero's wrapper expects. */
  void loadFrame(SileroVad vad, short[] frame) {
    checkOpen();
    if (vad != owner) {
      // The state's input map holds its model's sample-rate tensor.
      throw new IllegalArgumentException("VadState belongs to another SileroVad");
    }
    for (int i = 0; i < frame.length; i++) {
      input.put(CONTEXT_SAMPLES + i, frame[i] / 32768f);
    }
  }

  /**
   * For a batched run: writes this stream's context and the frame (scaled) into row {@code row} of
   * the batch's {@code [rows, 576]} input, and its recurrent state into {@code [2, rows, 128]}. Bulk
   * copies through {@link #row}: the batcher's thread does this for every stream every frame.
   */
  void loadBatchRow(SileroVad vad, short[] frame, FloatBuffer batchInput, FloatBuffer batchState, int row, int rows) {
    checkOpen();
    if (vad != owner) {
      throw new IllegalArgumentException("VadState belongs to another SileroVad");
    }
    input.get(0, this.row, 0, CONTEXT_SAMPLES);
    for (int i = 0; i < frame.length; i++) {
      this.row[CONTEXT_SAMPLES + i] = frame[i] / 32768f;
    }
    batchInput.put(row * INPUT_SAMPLES, this.row, 0, INPUT_SAMPLES);
    FloatBuffer state = states[current];
    for (int layer = 0; layer < 2; layer++) {
      batchState.put((layer * rows + row) * STATE_WIDTH, state, layer * STATE_WIDTH, STATE_WIDTH);
    }
  }

  /** After a batched run: takes row {@code row}'s new state, and this frame's tail becomes the context. */
  float advanceBatched(FloatBuffer batchStateOut, int row, int rows, float probability) {
    FloatBuffer state = states[current];
    for (int layer = 0; layer < 2; layer++) {
      state.put(layer * STATE_WIDTH, batchStateOut, (layer * rows + row) * STATE_WIDTH, STATE_WIDTH);
    }
    input.put(0, this.row, VadSettings.FRAME_SAMPLES, CONTEXT_SAMPLES);
    return probability;
  }

  Map<String, OnnxTensorLike> inputs() {
    return inputs[current];
  }

  Map<String, OnnxValue> outputs() {
    return outputs[current];
  }

  /** After a run: the new state becomes current and this frame's tail becomes the context. */
  float advance() {
    current = 1 - current;
    for (int i = 0; i < CONTEXT_SAMPLES; i++) {
      input.put(i, input.get(VadSettings.FRAME_SAMPLES + i));
    }
    return probability.get(0);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    inputTensor.close();
    probabilityTensor.close();
    stateTensors[0].close();
    stateTensors[1].close();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("VadState is closed");
    }
  }

  static FloatBuffer directFloats(int count) {
    return ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  private static void zero(FloatBuffer buffer) {
    for (int i = 0; i < buffer.capacity(); i++) {
      buffer.put(i, 0f);
    }
  }
}
