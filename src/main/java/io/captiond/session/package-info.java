/**
 * One session per stream, and the streaming logic it drives. What it holds today:
 *
 * <ul>
 *   <li>The mediator: {@link io.captiond.session.StreamSession} holds the stream's state (WAITING, LIVE,
 *       ENDED, FAILED) and routes events between its parts: PCM from the source
 *       ({@link io.captiond.ingest.sources.Sources}) to the {@link io.captiond.session.VadStage}
 *       (512-sample frames scored on workers in order, speech edges, speech time, the backlog bound that
 *       holds back an unpaced source), judged audio and edges to the caption policy through the
 *       {@link io.captiond.session.DecodeLoop} (queue, one window in flight, retry or skip), windows to the
 *       ASR workers ({@link io.captiond.session.AsrClient}: a worker picked by engine, a deadline per
 *       window from {@link io.captiond.session.AsrDeadlines}, busy or departed workers passed over),
 *       captions to the
 *       {@link io.captiond.captions.CaptionOutput}, and the subtitle rendition beside the source's video
 *       ({@link io.captiond.session.SubtitlesBeside}). {@link io.captiond.session.StreamCounters} keeps
 *       the stream's totals and meters; {@link io.captiond.session.SourcePauses} closes the open speech
 *       when the source pauses or ends, and has the decodes catch up on audio behind real time.</li>
 *   <li>The caption policies, pure Java with time as sample offsets or stream ms in {@code long}s: the
 *       {@link io.captiond.session.CaptionPolicy} seam, {@link io.captiond.session.StreamingPolicy}
 *       (words confirmed by agreement between decodes of a growing window, {@link io.captiond.session.LocalAgreement},
 *       {@link io.captiond.session.HallucinationGuard}, {@link io.captiond.session.PromptText},
 *       {@link io.captiond.session.TimedWords}; {@link io.captiond.session.DecodePacer} decodes less often and less
       audio again while decodes take longer than the step) and {@link io.captiond.session.UtterancePolicy} (one final
 *       per utterance), both over an {@link io.captiond.session.AudioBuffer}, for engines that decode a
 *       window at once; {@link io.captiond.session.IncrementalPolicy} for a streaming engine
 *       (pocketsphinx): each utterance fed to it piece by piece, decoded once, re-sent whole when the
 *       worker lost it ({@link io.captiond.session.DecodeLoop#resync}); chosen per stream by
 *       {@link io.captiond.session.PolicyFactory}.</li>
 *   <li>The streams of this node: {@link io.captiond.session.StreamRegistry} creates, deploys, follows
 *       ({@link io.captiond.session.StreamStatus}, {@link io.captiond.session.StreamStats},
 *       {@link io.captiond.session.Degraded}) and stops them, and removes those over for longer than the
 *       {@link io.captiond.session.Retention} ({@link io.captiond.session.RetentionSweep});
 *       {@link io.captiond.session.SessionServices} is what all sessions share.</li>
 * </ul>
 */
package io.captiond.session;
