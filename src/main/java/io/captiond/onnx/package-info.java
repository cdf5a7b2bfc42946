/**
 * ONNX Runtime's process-wide environment ({@link io.captiond.onnx.OnnxEnvironment}): the one every
 * model of the process (Silero VAD, Whisper) opens its sessions in, with the intra-op thread pool that
 * Whisper's sessions share.
 */
package io.captiond.onnx;
