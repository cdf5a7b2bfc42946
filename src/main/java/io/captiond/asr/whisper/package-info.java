/**
 * Whisper speech recognition on ONNX Runtime: the log-mel front end ({@link
 * io.captiond.asr.whisper.LogMelSpectrogram}, following {@code whisper/audio.py}), the byte-level
 * BPE tokenizer with Whisper's special tokens ({@code whisper/tokenizer.py}), and the model
 * folder in the Hugging Face / onnx-community export layout ({@code encoder_model.onnx},
 * {@code decoder_model.onnx} + {@code decoder_with_past_model.onnx}, or
 * {@code decoder_model_merged.onnx}; file variants such as {@code _int8}).
 *
 * <p>Decoding follows {@code whisper/decoding.py} and {@code transcribe.py}: greedy
 * ({@link io.captiond.asr.whisper.GreedyDecoder}, also batched over windows of several streams
 * through {@link io.captiond.asr.whisper.DecoderBatch}) or beam search
 * ({@link io.captiond.asr.whisper.BeamSearchDecoder}), timestamp rules, temperature fallback on
 * compression ratio and average log-probability, no-speech detection, language detection, and the
 * translate task ({@link io.captiond.asr.whisper.WhisperEngine}). On the {@code _q8x} variant
 * (an 8-bit output projection with a bound per logit) {@link io.captiond.asr.whisper.ExactLogits}
 * recomputes in float32 the logits that can decide a step, so greedy tokens stay float32's. A greedy
 * decode of a window alone may check a draft of its tokens several at a call
 * ({@link io.captiond.asr.whisper.DraftedDecoder}; the engine's drafts are the previous live step's
 * tokens, {@link io.captiond.asr.whisper.DraftHints}): the same tokens, fewer decoder calls. Settings: {@link
 * io.captiond.asr.whisper.WhisperSettings} (config keys {@code whisper.*}).
 *
 * <p>Test models with Whisper's shapes and random weights come from
 * {@code models/synthetic/make_synthetic_whisper.py} ({@code merge_decoders.py} makes the merged
 * layout).
 */
package io.captiond.asr.whisper;
