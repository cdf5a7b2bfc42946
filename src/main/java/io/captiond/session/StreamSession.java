package io.captiond.session;

import io.captiond.bus.Addresses;
import io.captiond.captions.CaptionOutput;
import io.captiond.captions.StoreHealth;
import io.captiond.ingest.IngestEvent;
import io.captiond.ingest.IngestHandle;
import io.captiond.ingest.SourceSpec;
import io.captiond.ingest.sources.Sources;
import io.captiond.media.PcmChunk;
import io.captiond.media.hls.HlsFolder;
import io.captiond.translate.StreamTranslations;
import io.captiond.translate.TranslationAddresses;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The mediator of one stream: it holds the stream's state and routes events between its parts. PCM
 * from the source ({@link Sources}) goes to the {@link VadStage}; judged audio and speech edges go to
 * the caption policy, whose jobs the {@link DecodeLoop} sends to the ASR workers; captions go to the
 * {@link CaptionOutput}. Everything here runs on the session's event loop; the blocking calls run on
 * workers, inside the parts.
 */
public final class StreamSession extends VerticleBase implements DecodeLoop.Listener {

  private static final Logger LOG = Logger.getLogger(StreamSession.class.getName());
  /** Decode jobs waiting or in flight beyond which an unpaced source is held back. */
  private static final int MAX_DECODE_BACKLOG = 2;

  private final StreamRecord stream;
  private final SessionServices services;
  private final SessionMetrics metrics;
  private final StreamCounters counters;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final Map<String, String> degraded = new TreeMap<>();

  private VadStage vad;
  private SourcePauses pauses;
  private AsrClient asr;
  private DecodeLoop decodes;
  private CaptionOutput output;
  private StreamTranslations translations;
  private IngestHandle ingest;
  private OutputControl outputs;
  private Gauge queueGauge;
  private final List<Gauge> paceGauges = new ArrayList<>();
  private long statsTimer;
  /** The figures of the last report. */
  private StreamStats reported;

  private StreamState state = StreamState.WAITING;
  private String reason = "";
  private boolean sourceEnded;
  private boolean draining;
  private boolean stopping;
  private String endReason = "end of source";

  public StreamSession(StreamRecord stream, SessionServices services) {
    this.stream = stream;
    this.services = services;
    this.metrics = new SessionMetrics(services.meters());
    this.counters = new StreamCounters(metrics, stream.stats());
  }

  @Override
  public Future<?> start() {
    Path dir = services.streamDir(stream.id());
    vad = new VadStage(vertx, stream.id(), services.vad(), services.vadConfig(), metrics.vad,
        () -> decodes != null && decodes.depth() > MAX_DECODE_BACKLOG);
    pauses = new SourcePauses(stream.id(), vad, () -> decodes);
    output = new CaptionOutput(vertx, stream.id(), dir, services.cues(), counters::announced,
        StoreHealth.of(detail -> degrade(Degraded.DISK, detail), () -> degrade(Degraded.DISK, null)));
    outputs = new OutputControl(vertx, stream.id(), stream.source().type() == SourceSpec.Type.RTMP, dir,
        services.outputs(), services.meters());
    output.addTrack(outputs.track());
    asr = new AsrClient(vertx, stream, services.asr(), metrics.asr);
    consumers.add(asr.listenForDepartures());
    queueGauge = metrics.queueDepth(stream.id(), () -> decodes == null ? 0 : decodes.depth());
    translations = TranslationsBeside.stage(vertx, stream, dir, services,
        detail -> degrade(Degraded.TRANSLATION, detail));
    return output.open().compose(v -> translations.languages(stream.translations())).onSuccess(v -> {
      consumers.add(vertx.eventBus().<io.vertx.core.json.JsonArray>localConsumer(
          TranslationAddresses.languages(stream.id()), message -> translations.languages(
              message.body().stream().map(String::valueOf).toList())));
      consumers.add(vertx.eventBus().<PcmChunk>localConsumer(Addresses.pcm(stream.id()), this::onPcm));
      consumers.add(vertx.eventBus().<IngestEvent>localConsumer(Addresses.ingest(stream.id()),
          message -> onIngestEvent(message.body())));
      Path hlsDir = HlsFolder.of(dir);
      long resumeAtMs = output.lastFinalEndMs() == Long.MIN_VALUE ? -1
          : Resumption.streamTimeAfter(output.lastFinalEndMs());
      ingest = new Sources(vertx, services.pull(), services.hls(), services.rtmp(), services.meters(), services.srt())
          .start(stream.id(), stream.key(), stream.source(), hlsDir, resumeAtMs, kind -> TranslationsBeside.follow(vertx,
              stream.id(), hlsDir, services.subtitles(), translations, kind, SubtitlesBeside.start(vertx, stream.id(),
              hlsDir, services.subtitles(), services.rtmp().hls().held(), services.rtmp().decodeAudio(), services.meters(),
              output, kind)));
      ingest.tapMedia(outputs.outputs());
      outputs.start();
      statsTimer = vertx.setPeriodic(1_000, id -> {
        reportIfStatsChanged();
        if (decodes != null) {
          decodes.logHeldFailuresIfDue();
        }
      });
      LOG.info(() -> "stream " + stream.id() + " (" + stream.name() + "): session started, waiting for "
          + stream.source().type().wireName() + " source "
          + io.captiond.ingest.pull.PullUrl.redacted(stream.source().shownUrl()));
      report();
    });
  }

  @Override
  public Future<?> stop() {
    if (ingest != null) {
      ingest.stop();
    }
    vertx.cancelTimer(statsTimer);
    if (decodes != null) {
      decodes.logHeldFailures();
    }
    consumers.forEach(MessageConsumer::unregister);
    outputs.stop();
    metrics.remove(queueGauge);
    paceGauges.forEach(metrics::remove);
    // Stopped with its stream (deleted, or over) or with the node: the stream's state is the registry's to
    // keep, and a node that stops keeps its streams to resume, so nothing is reported from here on.
    stopping = true;
    state = StreamState.ENDED;
    Future<Void> ingestStopped = ingest == null ? Future.succeededFuture() : ingest.whenStopped();
    Future<Void> outputStopped = output.stop(vad.idle(), ingestStopped);
    Future<Void> translationsStopped = Future.join(vad.idle(), outputStopped)
        .transform(done -> translations.stop(ingestStopped));
    return Future.join(vad.idle(), outputStopped, ingestStopped, translationsStopped).eventually(() -> vertx.executeBlocking(() -> {
      vad.close();
      output.closeStore();
      return null;
    }));
  }

  /**
   * The node is shutting down: no more media is taken, the speech still open is decoded to its end at once
   * and its last finals and cues go out (with the last subtitle segments); the stream stays as it is,
   * waiting or live, to resume on restart. Completes once that is done; call from any thread.
   */
  public Future<Void> drain() {
    Promise<Void> decoded = Promise.promise();
    context.runOnContext(v -> {
      if (draining || state.isOver()) {
        decoded.fail("not running");
        return;
      }
      draining = true;
      if (ingest != null) {
        ingest.suspend();
      }
      vad.afterPending(() -> {
        if (decodes != null) {
          decodes.endSpeech(vad.flush());
        }
        whenDecoded(decoded);
      });
    });
    long began = System.nanoTime();
    return decoded.future()
        .compose(v -> {
          LOG.info(() -> "stream " + stream.id() + ": drain: open speech decoded in "
              + (System.nanoTime() - began) / 1_000_000 + " ms");
          return output.finish(ingest == null ? Future.succeededFuture() : ingest.whenStopped());
        })
        .onComplete(done -> {
          LOG.info(() -> "stream " + stream.id() + ": drained in " + (System.nanoTime() - began) / 1_000_000
              + " ms; " + counters.captions() + " captions");
          report();
        })
        .otherwiseEmpty();
  }

  private void whenDecoded(Promise<Void> decoded) {
    if (decodes == null || decodes.idle()) {
      decoded.complete();
    } else {
      vertx.setTimer(20, id -> whenDecoded(decoded));
    }
  }

  private void onPcm(Message<PcmChunk> message) {
    PcmChunk chunk = message.body();
    if (draining) {
      message.reply(null); // taken after the drain began: not decoded, the stream resumes after its last caption
      return;
    }
    if (state == StreamState.WAITING) {
      moveTo(StreamState.LIVE, "");
      LOG.info(() -> "stream " + stream.id() + ": live, first audio at " + chunk.startMs() + " ms");
    }
    if (decodes == null) {
      decodes = pauses.adopt(new DecodeLoop(stream.id(), services.policies().create(stream, chunk.startMs()),
          services.maxQueuedFinals(), (job, prompt, attempt) -> asr.transcribe(job.window(), job.feed(), prompt)
              .onSuccess(transcript -> decodes.succeeded(job, transcript))
              .onFailure(error -> {
                if (error instanceof AsrClient.ResyncNeeded) {
                  decodes.resync(job, error.getMessage());
                } else {
                  decodes.failed(job, error.getMessage());
                }
              }), this));
      decodes.policy().pace().ifPresent(pace -> {
        paceGauges.add(metrics.pace(stream.id(), "step", () -> decodes.policy().pace().orElseThrow().stepMs()));
        paceGauges.add(metrics.pace(stream.id(), "window", () -> decodes.policy().pace().orElseThrow().windowCapMs()));
        paceGauges.add(metrics.pace(stream.id(), "skipped", () -> decodes.policy().skippedAudioMs()));
      });
    }
    counters.received(chunk);
    translations.audio(chunk.startMs(), chunk.samples());
    // Audio reaches the policy only once the VAD has judged it, so that speech edges and audio
    // arrive at the policy in stream order however far the VAD lags behind ingest.
    vad.judge(chunk, this::onJudged);
    vad.acknowledge(message);
  }

  private void onJudged(VadStage.Judged judged) {
    decodes.offer(decodes.policy().onAudio(judged.chunk().samples()));
    decodes.speech(judged.edges());
    settleCaptions(judged.chunk().startMs() + judged.chunk().durationMs());
    vad.releaseAck();
  }

  /**
   * Captions are settled up to the last final while speech is open or being decoded; when the stream
   * is quiet (no open speech, nothing to decode) still when the step runs, up to the judged audio, less
   * what a speech start not yet declared may reach back.
   */
  private void settleCaptions(long judgedMs) {
    boolean quiet = !vad.inSpeech() && decodes.idle();
    long epoch = decodes.done();
    long quietUntilMs = judgedMs - vad.undeclaredSpeechMs();
    // Still quiet, and no decode finished since: its finals would be queued behind this step.
    output.settle(() -> quiet && decodes.idle() && epoch == decodes.done() ? quietUntilMs : Long.MIN_VALUE);
    translations.settle(quiet && decodes.idle() && epoch == decodes.done() ? quietUntilMs : Long.MIN_VALUE);
  }

  private void onIngestEvent(IngestEvent event) {
    if (draining) {
      return; // the source stops because the node does: the stream is not over
    }
    switch (event.kind()) {
      case FAILED -> moveTo(StreamState.FAILED, event.reason());
      case DRAINING -> pauses.draining();
      case PAUSED -> pauses.paused(event.reason());
      case ENDED -> {
        output.sourceEnded();
        pauses.ended(event.reason(), () -> {
          endReason = event.reason().isEmpty() ? endReason : event.reason();
          sourceEnded = true;
          finishIfDone();
        });
      }
    }
  }

  @Override
  public void transcribed(DecodeJob job, List<CaptionUpdate> updates) {
    output.transcribed(job.window().endMs());
    for (CaptionUpdate update : updates) {
      if (update.confirmed()) {
        translations.confirmed(output.confirmed(update.text(), update.startMs(), update.endMs()));
      } else {
        counters.tentative(output.tentative(update.text(), update.startMs(), update.endMs()));
        translations.tentative(update.text(), update.startMs(), update.endMs());
      }
    }
    if (job.isFinal()) {
      translations.utteranceEnded();
    }
  }

  @Override
  public void gap(DecodeJob job, String why) {
    metrics.skippedWindows.increment();
  }

  @Override
  public void paced(DecodePacer.Pace before, DecodePacer.Pace after) {
    boolean slower = after.stepMs() > before.stepMs() || after.windowCapMs() < before.windowCapMs();
    (slower ? metrics.slowerPace : metrics.quickerPace).increment();
  }

  @Override
  public void recognizerHealth(String problem) {
    degrade(Degraded.ASR, problem);
  }

  @Override
  public void finished(DecodeJob job) {
    vad.releaseAck();
    finishIfDone();
  }

  private void finishIfDone() {
    if (sourceEnded && (decodes == null || decodes.idle()) && !state.isOver()) {
      Future<Void> captionsDone = output.finish(ingest.whenStopped());
      Future.join(captionsDone, captionsDone.transform(done -> translations.finish(ingest.whenStopped())))
          .onComplete(done -> {
        LOG.info(() -> "stream " + stream.id() + ": ended; " + counters.captions() + " captions, "
            + counters.audioMs() / 1000.0 + " s of audio, " + vad.speechMs() / 1000.0 + " s of speech");
        moveTo(StreamState.ENDED, endReason);
      });
    }
  }

  private void moveTo(StreamState next, String why) {
    if (state.isOver()) {
      return;
    }
    state = next;
    reason = why;
    if (next == StreamState.FAILED) {
      LOG.warning(() -> "stream " + stream.id() + ": failed: " + why);
      output.fail();
      translations.fail();
      if (ingest != null) {
        ingest.suspend();
      }
    }
    report();
  }

  /** The stream goes on less well for {@code cause} ({@code detail} says how), or well again ({@code null}). */
  private void degrade(String cause, String detail) {
    if (detail == null ? degraded.remove(cause) != null : !detail.equals(degraded.put(cause, detail))) {
      report();
    }
  }

  private void report() {
    if (stopping) {
      return;
    }
    reported = stats();
    vertx.eventBus().send(Addresses.STREAM_STATUS, new StreamStatus(stream.id(), state, reason, reported, degraded));
  }

  /**
   * The periodic report: a stream whose figures did not move (waiting for its source, paused) has nothing new
   * to tell; its state and degradations are reported when they change.
   */
  private void reportIfStatsChanged() {
    if (!stats().equals(reported)) {
      report();
    }
  }

  private StreamStats stats() {
    return counters.stats(vad.speechMs(), decodes == null ? 0 : decodes.gaps());
  }
}
