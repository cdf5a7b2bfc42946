package io.captiond.session;

import io.captiond.asr.AsrRequest;
import io.captiond.asr.TranscribeOptions;
import io.captiond.asr.Transcript;
import io.captiond.bus.Addresses;
import io.captiond.captions.CaptionEvent;
import io.captiond.captions.CaptionLog;
import io.captiond.captions.CueLayout;
import io.captiond.captions.hls.SubtitleRendition;
import io.captiond.ingest.IngestEvent;
import io.captiond.ingest.IngestHandle;
import io.captiond.ingest.hls.HlsIngest;
import io.captiond.ingest.hls.HlsSource;
import io.captiond.ingest.publish.RtmpIngest;
import io.captiond.ingest.pull.PullIngest;
import io.captiond.media.ArrivalClock;
import io.captiond.media.PcmChunk;
import io.captiond.media.hls.HlsFolder;
import io.captiond.media.hls.MasterPlaylist;
import io.captiond.media.hls.SourceSegment;
import io.captiond.vad.SpeechDetector;
import io.captiond.vad.SpeechEdge;
import io.captiond.vad.VadState;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The mediator of one stream: it owns the stream's state (clock, VAD state, utterance policy,
 * decode queue, sequence numbers) and moves audio through the stateless services by events:
 * PCM in from ingest, VAD on a worker thread, windows out to the ASR workers, captions stored then
 * published. Everything here runs on the session's event loop, except the blocking calls it hands to
 * workers.
 */
public final class StreamSession extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(StreamSession.class.getName());
  private static final int VAD_FRAME = 512;
  private static final int MAX_DECODE_BACKLOG = 2;
  private static final int MAX_VAD_BACKLOG = 8;

  private final StreamRecord stream;
  private final SessionServices services;
  private final SessionMetrics metrics;
  private final DecodeQueue decodes;
  private final FrameSplitter frames = new FrameSplitter(VAD_FRAME);
  private final ArrivalClock arrivals = new ArrivalClock(1_200);
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  private CaptionLog log;
  private VadState vadState;
  private SpeechDetector detector;
  private CaptionPolicy policy;
  private CueLayout cues;
  private IngestHandle ingest;
  private SubtitleRendition subtitles;
  private long lastFinalEndMs = Long.MIN_VALUE;
  private long decodesDone;
  private Gauge queueGauge;
  private long statsTimer;

  private StreamState state = StreamState.WAITING;
  private String reason = "";
  private long seq;
  private long audioMs;
  private long speechMs;
  private long speechStartSample = -1;
  private long captions;
  private long lastLagMs = -1;
  private long skippedWindows;
  private boolean sourceEnded;
  private String endReason = "end of source";
  private Message<?> heldAck;
  private int pendingVadChunks;
  private Future<Void> vadChain = Future.succeededFuture();
  private Future<Void> emitChain = Future.succeededFuture();

  public StreamSession(StreamRecord stream, SessionServices services) {
    this.stream = stream;
    this.services = services;
    this.metrics = new SessionMetrics(services.meters());
    this.decodes = new DecodeQueue(services.maxQueuedFinals());
  }

  @Override
  public Future<?> start() {
    log = new CaptionLog(services.streamDir(stream.id()).resolve("captions.jsonl"));
    vadState = services.vad().newState();
    detector = new SpeechDetector(services.vadConfig());
    cues = new CueLayout(services.cues());
    queueGauge = metrics.queueDepth(stream.id(), decodes::depth);
    return vertx.executeBlocking(log::lastSeq).onSuccess(last -> {
      seq = last;
      consumers.add(vertx.eventBus().<PcmChunk>localConsumer(Addresses.pcm(stream.id()), this::onPcm));
      consumers.add(vertx.eventBus().<IngestEvent>localConsumer(Addresses.ingest(stream.id()),
          message -> onIngestEvent(message.body())));
      ingest = startIngest();
      if (ingest instanceof RtmpIngest rtmp && services.rtmp().hlsEnabled() && services.subtitles().enabled()) {
        subtitles = SubtitleRendition.start(vertx, stream.id(), HlsFolder.of(services.streamDir(stream.id())),
            services.subtitles(), services.meters());
        rtmp.onHlsOrigin(subtitles::origin);
      }
      statsTimer = vertx.setPeriodic(1_000, id -> report());
      LOG.info(() -> "stream " + stream.id() + " (" + stream.name() + "): session started, waiting for "
          + stream.source().type().wireName() + " source " + stream.source().url());
      report();
    });
  }

  @Override
  public Future<?> stop() {
    if (ingest != null) {
      ingest.stop();
    }
    vertx.cancelTimer(statsTimer);
    consumers.forEach(MessageConsumer::unregister);
    metrics.remove(queueGauge);
    if (!state.isOver()) {
      state = StreamState.ENDED;
      reason = "stopped";
      report();
    }
    Future<Void> ingestStopped = ingest == null ? Future.succeededFuture() : ingest.whenStopped();
    Future<Void> subtitlesDone = subtitles == null ? Future.succeededFuture()
        : Future.join(vadChain, emitChain).transform(done -> subtitles.finish(ingestStopped));
    return Future.join(vadChain, emitChain, ingestStopped, subtitlesDone).eventually(() -> vertx.executeBlocking(() -> {
      vadState.close();
      log.close();
      return null;
    }));
  }

  private IngestHandle startIngest() {
    return switch (stream.source().type()) {
      case PULL -> PullIngest.start(vertx, stream.id(), stream.source(), services.pull(), services.meters());
      case HLS -> HlsIngest.start(vertx, stream.id(), stream.source(), services.hls(), subtitlesBesideHls());
      case RTMP -> RtmpIngest.start(vertx, stream.id(), services.rtmp(),
          HlsFolder.of(services.streamDir(stream.id())), services.meters());
    };
  }

  /** An HLS source gets a subtitle rendition beside it, fed by what the source reads. */
  private HlsSource.Listener subtitlesBesideHls() {
    if (!services.subtitles().enabled()) {
      return null;
    }
    subtitles = SubtitleRendition.startBeside(vertx, stream.id(), HlsFolder.of(services.streamDir(stream.id())),
        services.subtitles(), services.meters());
    SubtitleRendition rendition = subtitles;
    return new HlsSource.Listener() {
      @Override
      public void opened(MasterPlaylist master, URI mediaPlaylist) {
        rendition.sourceOpened(master, mediaPlaylist);
      }

      @Override
      public void segment(SourceSegment segment) {
        rendition.sourceSegment(segment);
      }
    };
  }

  private void onPcm(Message<PcmChunk> message) {
    PcmChunk chunk = message.body();
    if (state == StreamState.WAITING) {
      moveTo(StreamState.LIVE, "");
      LOG.info(() -> "stream " + stream.id() + ": live, first audio at " + chunk.startMs() + " ms");
    }
    if (policy == null) {
      policy = services.policies().create(chunk.startMs());
    }
    audioMs += chunk.durationMs();
    arrivals.arrived(chunk.startMs() + chunk.durationMs(), System.currentTimeMillis());
    // Audio reaches the policy only once the VAD has judged it, so that speech edges and audio
    // arrive at the policy in stream order however far the VAD lags behind ingest.
    List<FrameSplitter.Frame> ready = frames.add(chunk.samples());
    pendingVadChunks++;
    vadChain = vadChain.compose(v -> vertx.executeBlocking(() -> speechProbabilities(ready)))
        .otherwise(error -> {
          LOG.warning(() -> "stream " + stream.id() + ": VAD failed on a chunk, skipped: " + error.getMessage());
          return null;
        })
        .map(probabilities -> {
          pendingVadChunks--;
          enqueue(policy.onAudio(chunk.samples()));
          for (int i = 0; probabilities != null && i < ready.size(); i++) {
            onSpeechEdges(detector.accept(ready.get(i).startSample(), probabilities[i]));
          }
          settleCaptions(chunk.startMs() + chunk.durationMs());
          releaseHeldAck();
          return null;
        });
    if (backlogged()) {
      heldAck = message;
    } else {
      message.reply(null);
    }
  }

  /** Work is piling up: an unpaced source should wait (paced sources do not wait for acks). */
  private boolean backlogged() {
    return decodes.depth() > MAX_DECODE_BACKLOG || pendingVadChunks > MAX_VAD_BACKLOG;
  }

  private void releaseHeldAck() {
    if (heldAck != null && !backlogged()) {
      heldAck.reply(null);
      heldAck = null;
    }
  }

  // Runs on a worker thread; the VAD state is touched only by these calls, which the context orders.
  private float[] speechProbabilities(List<FrameSplitter.Frame> ready) throws io.captiond.vad.VadException {
    long began = System.nanoTime();
    float[] probabilities = new float[ready.size()];
    for (int i = 0; i < ready.size(); i++) {
      probabilities[i] = services.vad().speechProbability(vadState, ready.get(i).samples());
    }
    metrics.vad.record(System.nanoTime() - began, java.util.concurrent.TimeUnit.NANOSECONDS);
    return probabilities;
  }

  private void onSpeechEdges(List<SpeechEdge> edges) {
    for (SpeechEdge edge : edges) {
      if (edge.kind() == SpeechEdge.Kind.START) {
        speechStartSample = edge.sample();
        enqueue(policy.onSpeechStart(edge.sample()));
      } else {
        if (speechStartSample >= 0) {
          speechMs += (edge.sample() - speechStartSample) / PcmChunk.SAMPLES_PER_MS;
          speechStartSample = -1;
        }
        enqueue(policy.onSpeechEnd(edge.sample()));
      }
    }
  }

  private void onIngestEvent(IngestEvent event) {
    if (event.kind() == IngestEvent.Kind.FAILED) {
      moveTo(StreamState.FAILED, event.reason());
      return;
    }
    LOG.info(() -> "stream " + stream.id() + ": source ended (" + event.reason() + "), finishing captions");
    endReason = event.reason().isEmpty() ? endReason : event.reason();
    vadChain = vadChain.onComplete(done -> {
      if (policy != null) {
        onSpeechEdges(detector.flush());
        enqueue(policy.onEndOfStream());
      }
      sourceEnded = true;
      finishIfDone();
    });
  }

  private void enqueue(List<DecodeJob> jobs) {
    jobs.forEach(decodes::offer);
    runNextDecode();
  }

  private void runNextDecode() {
    decodes.start().ifPresent(job -> transcribe(job, 1));
  }

  private void transcribe(DecodeJob job, int attempt) {
    AsrRequest request = new AsrRequest(stream.id(), stream.engine(),
        new TranscribeOptions(stream.language(), policy.prompt()), job.window());
    long began = System.nanoTime();
    vertx.eventBus().<Transcript>request(Addresses.ASR_TRANSCRIBE, request,
            new DeliveryOptions().setSendTimeout(services.asrTimeoutMs()))
        .onSuccess(reply -> {
          metrics.asr.record(System.nanoTime() - began, java.util.concurrent.TimeUnit.NANOSECONDS);
          onTranscript(job, reply.body());
          decodeDone();
        })
        .onFailure(error -> {
          if (attempt == 1 && job.isFinal()) {
            LOG.warning(() -> "stream " + stream.id() + ": window at " + job.window().startMs()
                + " ms failed (" + error.getMessage() + "), retrying once");
            transcribe(job, 2);
            return;
          }
          policy.onSkipped(job);
          if (job.isFinal()) {
            skippedWindows++;
            metrics.skippedWindows.increment();
            LOG.warning(() -> "stream " + stream.id() + ": gap in captions from " + job.window().startMs()
                + " to " + job.window().endMs() + " ms: " + error.getMessage());
          }
          decodeDone();
        });
  }

  private void decodeDone() {
    decodesDone++;
    decodes.finished();
    releaseHeldAck();
    runNextDecode();
    finishIfDone();
  }

  private void onTranscript(DecodeJob job, Transcript transcript) {
    for (CaptionUpdate update : policy.onTranscript(job, transcript)) {
      CaptionEvent event = new CaptionEvent(stream.id(), ++seq,
          update.confirmed() ? CaptionEvent.Type.FINAL : CaptionEvent.Type.PARTIAL, update.text(),
          update.startMs(), update.endMs());
      if (event.isFinal()) {
        storeAndAnnounce(event);
      } else {
        announce(event);
      }
    }
  }

  /** A final is on disk before anyone hears of it. */
  private void storeAndAnnounce(CaptionEvent caption) {
    emitChain = emitChain.compose(v -> vertx.executeBlocking(() -> {
      log.append(caption);
      return null;
    })).<Void>map(v -> {
      publish(caption);
      lastFinalEndMs = Math.max(lastFinalEndMs, caption.endMs());
      cues.addCaption(caption.text(), caption.startMs(), caption.endMs()).forEach(this::publishCue);
      captions++;
      metrics.finals.increment();
      long arrived = arrivals.arrivalOf(caption.endMs());
      metrics.confirmedWords.increment(caption.text().split("\\s+").length);
      if (arrived > 0) {
        lastLagMs = Math.max(0, System.currentTimeMillis() - arrived);
        metrics.finalLag.record(lastLagMs);
      }
      return null;
    }).recover(error -> {
      moveTo(StreamState.FAILED, "cannot store captions: " + error.getMessage());
      return Future.succeededFuture();
    });
  }

  /** Partials go out in order behind any final still being stored. */
  private void announce(CaptionEvent partial) {
    metrics.partials.increment();
    long arrived = arrivals.arrivalOf(partial.endMs());
    if (arrived > 0 && !partial.text().isEmpty()) {
      metrics.tentativeLag.record(Math.max(0, System.currentTimeMillis() - arrived));
    }
    emitChain = emitChain.map(v -> {
      publish(partial);
      return null;
    });
  }

  /**
   * How far captions are settled, after the VAD judged audio up to {@code judgedMs}: up to the last
   * final while speech is open or being decoded; when the stream is quiet (no open speech, nothing
   * to decode), up to the judged audio, less what a speech start not yet declared may reach back
   * (its minimum length, the padding, a frame each side). The cue being filled is closed when no
   * later word can change it, and the subtitle rendition hears how far cues are known. Queued
   * behind finals still being stored, so it never runs ahead of them.
   */
  private void settleCaptions(long judgedMs) {
    boolean quiet = speechStartSample < 0 && decodes.idle();
    long epoch = decodesDone;
    long margin = services.vadConfig().minSpeechMs() + services.vadConfig().speechPadMs()
        + 2L * VAD_FRAME / PcmChunk.SAMPLES_PER_MS;
    emitChain = emitChain.map(v -> {
      // Still quiet, and no decode finished since: its finals would be queued behind this step.
      boolean stillQuiet = quiet && decodes.idle() && epoch == decodesDone;
      long settled = stillQuiet ? Math.max(lastFinalEndMs, judgedMs - margin) : lastFinalEndMs;
      if (settled == Long.MIN_VALUE) {
        return null;
      }
      cues.settle(settled).forEach(this::publishCue);
      if (subtitles != null) {
        subtitles.settled(Math.min(settled, cues.pendingStartMs()));
      }
      return null;
    });
  }

  private void publishCue(CueLayout.Cue cue) {
    if (subtitles != null) {
      subtitles.addCue(cue);
    }
    publish(new CaptionEvent(stream.id(), ++seq, CaptionEvent.Type.CUE, cue.text(), cue.startMs(), cue.endMs()));
  }

  private void publish(CaptionEvent event) {
    if (state != StreamState.FAILED) {
      vertx.eventBus().publish(Addresses.captions(stream.id()), event);
    }
  }

  private void finishIfDone() {
    if (sourceEnded && decodes.idle() && !state.isOver()) {
      emitChain.onComplete(done -> {
        cues.flush().forEach(this::publishCue);
        if (subtitles != null) {
          subtitles.finish(ingest.whenStopped());
        }
        LOG.info(() -> "stream " + stream.id() + ": ended; " + captions + " captions, "
            + audioMs / 1000.0 + " s of audio, " + speechMs / 1000.0 + " s of speech");
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
      if (subtitles != null) {
        subtitles.close();
      }
      if (ingest != null) {
        ingest.stop();
      }
    }
    report();
  }

  private void report() {
    vertx.eventBus().send(Addresses.STREAM_STATUS, new StreamStatus(stream.id(), state, reason,
        new StreamStats(audioMs, speechMs, captions, lastLagMs, skippedWindows)));
  }
}
