/**
 * The pocketsphinx engine: CMU pocketsphinx, Debian's {@code libpocketsphinx3} (the old 0.8/5prealpha
 * C API), called in process through JNA, with Debian's {@code pocketsphinx-en-us} US English model.
 *
 * <p>This is the LOW-accuracy fallback that works out of the box on any CPU with nothing but Debian
 * packages: expect a word error rate of about 30-40% on read speech, worse on spontaneous or noisy
 * speech, English only. Use the Whisper engine ({@code asr.whisper}) wherever quality matters; this
 * one keeps captions flowing where Whisper's weights are not installed.
 *
 * <p>{@link io.captiond.asr.pocketsphinx.PocketSphinxEngine} keeps a bounded pool of native decoders
 * (a decoder is not thread-safe) for windows decoded whole; word times come from the decoder's own
 * segmentation. As a {@link io.captiond.asr.StreamingAsrEngine} it keeps each open utterance's decoder
 * in {@link io.captiond.asr.pocketsphinx.FeedSessions}, so a stream's speech is decoded once, as it
 * arrives ({@code ps_process_raw} with {@code full_utt=0}; partial hypotheses from the best path so far).
 */
package io.captiond.asr.pocketsphinx;
