/**
 * The speech recognition contract: an {@link io.captiond.asr.AsrEngine} transcribes an
 * {@link io.captiond.asr.AudioWindow} into a {@link io.captiond.asr.Transcript} of timed segments
 * and words, and says which languages it takes ({@link io.captiond.asr.LanguageSupport}, checked once
 * when a stream is created). Engines live in sub-packages ({@code pocketsphinx}, {@code whisper}); the
 * stateless worker that serves them over the event bus lives here, with the wire codec of its
 * request ({@link io.captiond.asr.AsrRequestCodec}) and the word timing by characters
 * ({@link io.captiond.asr.WordTimes}) that engines without word times and the session share.
 */
package io.captiond.asr;
