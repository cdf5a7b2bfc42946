/**
 * The speech recognition contract: an {@link io.captiond.asr.AsrEngine} transcribes an
 * {@link io.captiond.asr.AudioWindow} into a {@link io.captiond.asr.Transcript} of timed segments
 * and words. Engines live in sub-packages ({@code pocketsphinx}, {@code whisper}); the stateless
 * worker that serves them over the event bus lives here.
 */
package io.captiond.asr;
