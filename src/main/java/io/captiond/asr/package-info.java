/**
 * The speech recognition contract: an {@link io.captiond.asr.AsrEngine} transcribes an
 * {@link io.captiond.asr.AudioWindow} into a {@link io.captiond.asr.Transcript} of timed segments
 * and words, and says which languages it takes ({@link io.captiond.asr.LanguageSupport}, checked once
 * when a stream is created). Engines live in sub-packages ({@code pocketsphinx}, {@code whisper}); the
 * stateless worker that serves them over the event bus lives here, with the wire codec of its
 * request ({@link io.captiond.asr.AsrRequestCodec}) and the word timing by characters
 * ({@link io.captiond.asr.WordTimes}) that engines without word times and the session share.
 *
 * <p>Failure handling between sessions and workers: each request carries its deadline and a worker
 * drops expired work and answers busy when full ({@link io.captiond.asr.AsrWorkerVerticle}); a batch
 * that throws is retried window by window ({@link io.captiond.asr.BatchRun}); workers announce their
 * engines and room in heartbeats ({@link io.captiond.asr.WorkerInfo}) that every node gathers in its
 * {@link io.captiond.asr.WorkerDirectory}, and load models when the engines API asks
 * ({@link io.captiond.asr.WorkerControl}).
 *
 * <p>A {@link io.captiond.asr.StreamingAsrEngine} also takes an utterance piece by piece: a request
 * with an {@link io.captiond.asr.UtteranceFeed} continues the utterance's decoder, which the engine
 * keeps between requests (the one state a worker holds, dropped when idle); one it does not hold is
 * answered {@link io.captiond.asr.AsrWorkerVerticle#RESYNC} and the session sends the utterance again.
 */
package io.captiond.asr;
