/**
 * Voice activity detection: where speech starts and ends in a 16 kHz stream.
 *
 * <ul>
 *   <li>{@link io.captiond.vad.SileroVad}: the Silero VAD v5 ONNX model, loaded once and shared by
 *       all streams; scores one 512-sample frame at a time (with 64 samples of context from the
 *       previous frame, as Silero's own {@code utils_vad.OnnxWrapper} does).
 *   <li>{@link io.captiond.vad.VadState}: one stream's recurrent state and context; not
 *       thread-safe, closed when the stream ends.
 *   <li>{@link io.captiond.vad.SpeechDetector}: pure Java hysteresis over frame probabilities
 *       (Silero's {@code get_speech_timestamps} rules, streaming), reporting
 *       {@link io.captiond.vad.SpeechEdge}s at sample offsets.
 *   <li>{@link io.captiond.vad.VadSettings}: thresholds and durations, validated.
 * </ul>
 *
 * <p>Model: {@code silero_vad_v5.onnx} from npm {@code @ricky0123/vad-web@0.0.31} (MIT); see
 * {@code models/README.md}; or its batched rewrite {@code silero_vad_v5_batched.onnx}
 * ({@code models/silero_batched.py}: same weights and signature, about a fifth of the CPU per frame in batches of 32-100).
 * Inputs {@code input} float [1, 576], {@code state} float [2, 1, 128],
 * {@code sr} int64 scalar; outputs {@code output} float [1, 1], {@code stateN} [2, 1, 128].
 * Calls into ONNX Runtime block: run them on worker threads, never on an event loop.
 */
package io.captiond.vad;
