package io.captiond.vad;

import java.nio.FloatBuffer;

/**
 * The direct buffers a batched VAD call shares with ONNX Runtime, kept from call to call: every row's
 * frame and state going in, every row's probability and next state coming out. ONNX Runtime writes
 * the outputs straight into them (pinned outputs), so a call neither allocates its results in native
 * memory nor copies them to the Java heap. They grow only when a batch is larger than any before. One
 * caller at a time.
 */
final class BatchBuffers {

  private FloatBuffer input = VadState.directFloats(0);
  private FloatBuffer state = VadState.directFloats(0);
  private FloatBuffer probabilities = VadState.directFloats(0);
  private FloatBuffer nextState = VadState.directFloats(0);

  /** Room for {@code rows} frames, exactly that long (position 0). */
  FloatBuffer input(int rows) {
    input = atLeast(input, rows * VadState.INPUT_SAMPLES);
    return input.slice(0, rows * VadState.INPUT_SAMPLES);
  }

  /** Room for {@code rows} states (two layers each), exactly that long (position 0). */
  FloatBuffer state(int rows) {
    state = atLeast(state, stateFloats(rows));
    return state.slice(0, stateFloats(rows));
  }

  /** Where the model writes {@code rows} probabilities. */
  FloatBuffer probabilities(int rows) {
    probabilities = atLeast(probabilities, rows);
    return probabilities.slice(0, rows);
  }

  /** Where the model writes {@code rows} next states, laid out as {@link #state}. */
  FloatBuffer nextState(int rows) {
    nextState = atLeast(nextState, stateFloats(rows));
    return nextState.slice(0, stateFloats(rows));
  }

  private static int stateFloats(int rows) {
    return 2 * rows * VadState.STATE_WIDTH;
  }

  private static FloatBuffer atLeast(FloatBuffer buffer, int floats) {
    return buffer.capacity() < floats ? VadState.directFloats(floats) : buffer;
  }
}
