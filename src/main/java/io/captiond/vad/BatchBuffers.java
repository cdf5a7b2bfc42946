package io.captiond.vad;

import java.nio.FloatBuffer;

/**
 * The two direct buffers a batched VAD call hands ONNX Runtime (every row's frame, every row's
 * state), kept from call to call: they grow only when a batch is larger than any before, so a node
 * scoring its streams every tick allocates no native memory per call. One caller at a time.
 */
final class BatchBuffers {

  private FloatBuffer input = VadState.directFloats(0);
  private FloatBuffer state = VadState.directFloats(0);

  /** Room for {@code rows} frames, exactly that long (position 0). */
  FloatBuffer input(int rows) {
    int floats = rows * VadState.INPUT_SAMPLES;
    if (input.capacity() < floats) {
      input = VadState.directFloats(floats);
    }
    return input.slice(0, floats);
  }

  /** Room for {@code rows} states (two layers each), exactly that long (position 0). */
  FloatBuffer state(int rows) {
    int floats = 2 * rows * VadState.STATE_WIDTH;
    if (state.capacity() < floats) {
      state = VadState.directFloats(floats);
    }
    return state.slice(0, floats);
  }
}
