/**
 * Whisper speech recognition on ONNX Runtime: the log-mel front end ({@link
 * io.captiond.asr.whisper.LogMelSpectrogram}, following {@code whisper/audio.py}), the byte-level
 * BPE tokenizer with Whisper's special tokens ({@code whisper/tokenizer.py}), and the model
 * folder in the Hugging Face / onnx-community export layout ({@code encoder_model.onnx},
 * {@code decoder_model.onnx}, {@code decoder_with_past_model.onnx}).
 *
 * <p>Test models with Whisper's shapes and random weights come from
 * {@code models/synthetic/make_synthetic_whisper.py}.
 */
package io.captiond.asr.whisper;
