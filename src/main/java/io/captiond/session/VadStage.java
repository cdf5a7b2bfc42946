package io.captiond.session;

import io.captiond.media.Pcm16k;
import io.captiond.media.PcmChunk;
import io.captiond.media.SampleBlocks;
import io.captiond.vad.SileroVad;
import io.captiond.vad.VadBatcher;
import io.captiond.vad.SpeechDetector;
import io.captiond.vad.SpeechEdge;
import io.captiond.vad.VadSettings;
import io.captiond.vad.VadException;
import io.captiond.vad.VadState;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The VAD of one stream: cuts its audio into the model's 512-sample frames, scores them on worker
 * threads one chunk after another (a chain, so the recurrent state sees frames in order), turns the
 * scores into speech edges, and counts the time spoken. Each chunk comes back, judged, in stream order
 * on the caller's context. A chunk the model fails on comes back without edges (logged, skipped).
 * Bounds the backlog by holding back an unpaced source's acknowledgements.
 */
final class VadStage {

  /** A chunk and the speech edges found in it. */
  record Judged(PcmChunk chunk, List<SpeechEdge> edges) {}

  private static final Logger LOG = Logger.getLogger(VadStage.class.getName());
  /** Chunks waiting for the model beyond which an unpaced source is held back. */
  private static final int MAX_BACKLOG = 8;

  private final Vertx vertx;
  private final String streamId;
  private final SileroVad vad;
  private final VadSettings config;
  private final Timer timer;
  private final BooleanSupplier downstreamBacklogged;
  private final SampleBlocks frames = new SampleBlocks(VadSettings.FRAME_SAMPLES);
  private final VadState state;
  private final SpeechDetector detector;
  private Future<Void> chain = Future.succeededFuture();
  private int pending;
  private Message<?> heldAck;
  private long speechStartSample = -1;
  private long speechMs;
  /** One past the last frame judged, and the earliest a speech start may be (after a pause). */
  private long judgedEnd;
  private long floorSample;

  /** @param downstreamBacklogged whether what comes after (the decodes) has work piling up */
  VadStage(Vertx vertx, String streamId, SileroVad vad, VadSettings config, Timer timer,
      BooleanSupplier downstreamBacklogged) {
    this.vertx = vertx;
    this.streamId = streamId;
    this.vad = vad;
    this.config = config;
    this.timer = timer;
    this.downstreamBacklogged = downstreamBacklogged;
    this.state = vad.newState();
    this.detector = new SpeechDetector(config);
  }

  /** Scores {@code chunk} after the chunks before it, then hands it to {@code then} with its edges. */
  void judge(PcmChunk chunk, Consumer<Judged> then) {
    List<SampleBlocks.Block> ready = frames.add(chunk.samples());
    pending++;
    Supplier<Future<float[]>> scoring = scoring(ready);
    chain = chain.compose(v -> scoring.get())
        .otherwise(error -> {
          LOG.warning(() -> "stream " + streamId + ": VAD failed on a chunk, skipped: " + error.getMessage());
          return null;
        })
        .map(probabilities -> {
          pending--;
          List<SpeechEdge> edges = List.of();
          for (int i = 0; probabilities != null && i < ready.size(); i++) {
            List<SpeechEdge> found = count(afterFloor(detector.accept(ready.get(i).startSample(), probabilities[i])));
            if (!found.isEmpty()) {
              if (edges.isEmpty()) {
                edges = new ArrayList<>();
              }
              edges.addAll(found);
            }
          }
          if (!ready.isEmpty()) {
            judgedEnd = ready.get(ready.size() - 1).startSample() + VadSettings.FRAME_SAMPLES;
          }
          then.accept(new Judged(chunk, edges));
          return null;
        });
  }

  /** Runs {@code then} on the caller's context once every chunk given so far is judged. */
  void afterPending(Runnable then) {
    chain = chain.onComplete(done -> then.run());
  }

  /**
   * Closes speech still open where the audio stops for now (the source paused or ended). Speech found
   * after it starts no earlier than the audio judged so far: what came before was decoded to its end.
   */
  List<SpeechEdge> flush() {
    floorSample = judgedEnd;
    return count(detector.flush());
  }

  /** Runs on every frame, whose edges are nearly always none: no stream, no copy then. */
  private List<SpeechEdge> afterFloor(List<SpeechEdge> edges) {
    if (edges.isEmpty()) {
      return edges;
    }
    List<SpeechEdge> floored = new ArrayList<>(edges.size());
    for (SpeechEdge edge : edges) {
      floored.add(edge.kind() == SpeechEdge.Kind.START && edge.sample() < floorSample
          ? SpeechEdge.start(floorSample) : edge);
    }
    return floored;
  }

  /**
   * Acknowledges a chunk's delivery now, or holds the acknowledgement back while work piles up here
   * or downstream: an unpaced source waits for it (paced sources do not wait for acks).
   */
  void acknowledge(Message<?> delivery) {
    if (backlogged()) {
      heldAck = delivery;
    } else {
      delivery.reply(null);
    }
  }

  /** Lets a held-back source go on once the backlog has drained. */
  void releaseAck() {
    if (heldAck != null && !backlogged()) {
      heldAck.reply(null);
      heldAck = null;
    }
  }

  private boolean backlogged() {
    return downstreamBacklogged.getAsBoolean() || pending > MAX_BACKLOG;
  }

  boolean inSpeech() {
    return speechStartSample >= 0;
  }

  long speechMs() {
    return speechMs;
  }

  /**
   * How far back a speech start not yet declared may reach from the audio judged: its minimum
   * length, the padding, a frame each side.
   */
  long undeclaredSpeechMs() {
    return config.minSpeechMs() + config.speechPadMs() + 2 * Pcm16k.samplesToMs(VadSettings.FRAME_SAMPLES);
  }

  /** Completes when the chunks given so far are judged. */
  Future<Void> idle() {
    return chain;
  }

  /** Frees the model state; blocking, call on a worker once idle. */
  void close() {
    state.close();
  }

  /**
   * The chunk's scoring, to be awaited after the chunks before it. The node's batcher, when there is
   * one, takes the frames at once (it keeps a stream's chunks in order), so that a backlog of an
   * unpaced source is scored in one tick rather than a chunk a tick; without it a worker scores them
   * when the chain gets there.
   */
  private Supplier<Future<float[]>> scoring(List<SampleBlocks.Block> ready) {
    java.util.Optional<VadBatcher> batcher = vad.batcher();
    if (batcher.isEmpty()) {
      return () -> vertx.executeBlocking(() -> speechProbabilities(ready));
    }
    long began = System.nanoTime();
    List<short[]> frames = new ArrayList<>(ready.size());
    for (SampleBlocks.Block block : ready) {
      frames.add(block.samples());
    }
    Future<float[]> scored = Future.fromCompletionStage(batcher.get().score(state, frames), vertx.getOrCreateContext())
        .onSuccess(done -> timer.record(System.nanoTime() - began, TimeUnit.NANOSECONDS));
    return () -> scored;
  }

  // Runs on a worker thread; the VAD state is touched only by these calls, which the chain orders.
  private float[] speechProbabilities(List<SampleBlocks.Block> ready) throws VadException {
    long began = System.nanoTime();
    float[] probabilities = new float[ready.size()];
    for (int i = 0; i < ready.size(); i++) {
      probabilities[i] = vad.speechProbability(state, ready.get(i).samples());
    }
    timer.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
    return probabilities;
  }

  private List<SpeechEdge> count(List<SpeechEdge> edges) {
    for (SpeechEdge edge : edges) {
      if (edge.kind() == SpeechEdge.Kind.START) {
        speechStartSample = edge.sample();
      } else if (speechStartSample >= 0) {
        speechMs += Pcm16k.samplesToMs(edge.sample() - speechStartSample);
        speechStartSample = -1;
      }
    }
    return edges;
  }
}
