package io.captiond.asr.whisper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A one-token step's logits {@code [rows, 1, vocab]}, which ONNX Runtime writes into memory of ours:
 * a direct buffer, wrapped (not copied) by the tensor handed to the run as its pinned output. Read
 * through {@link #values()}, a row costs one copy; an output of ONNX Runtime's own costs a copy of
 * the whole tensor into a fresh heap buffer first ({@code OnnxTensor.getFloatBuffer}). On the AMD
 * test machine that took ~1 ms off each decoder step
 * ({@code load-tests/results/whisper-decoder-step-ab-2026-12-02-amd.md}). A decode holds one for all
 * its steps: a buffer for each step would be fresh memory every step.
 */
final class PinnedLogits implements AutoCloseable {

  private final FloatBuffer values;
  private final OnnxTensor tensor;

  PinnedLogits(WhisperModel model, int rows) throws OrtException {
    int vocab = model.config().vocabSize();
    values = ByteBuffer.allocateDirect(rows * vocab * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    tensor = OnnxTensor.createTensor(model.env(), values, new long[] {rows, 1, vocab});
  }

  OnnxTensor tensor() {
    return tensor;
  }

  /** The logits of the last run given {@link #tensor()}; absolute reads only (the buffer is shared). */
  FloatBuffer values() {
    return values;
  }

  @Override
  public void close() {
    tensor.close();
  }
}
