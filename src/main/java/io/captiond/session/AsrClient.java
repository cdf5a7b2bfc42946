package io.captiond.session;

import io.captiond.asr.AsrRequest;
import io.captiond.asr.AsrWorkerVerticle;
import io.captiond.asr.AudioWindow;
import io.captiond.asr.TranscribeOptions;
import io.captiond.asr.Transcript;
import io.captiond.asr.UtteranceFeed;
import io.captiond.bus.Addresses;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Asks an ASR worker (anywhere in the cluster) for the transcript of one window of a stream, with the
 * stream's engine and language, and times each round trip that succeeds.
 *
 * <p>Each window carries its deadline ({@link AsrDeadlines}); the request waits no longer. The worker
 * is picked from the {@link io.captiond.asr.WorkerDirectory} among those serving the stream's engine;
 * a worker that answers busy, has no such engine or is gone is passed over for the next at once, and a
 * worker that leaves the cluster has its windows re-sent to another at once. A worker that let a
 * window time out is passed over for a while. When no worker is known, the request goes round-robin to
 * the engine's address. The pieces of one utterance ({@link UtteranceFeed}) go to the worker that
 * took its earlier ones while it is live (it holds the utterance's decoder); a worker that does not
 * hold it answers {@link AsrWorkerVerticle#RESYNC}, which fails the piece with {@link ResyncNeeded}.
 * Runs on the session's event loop.
 */
final class AsrClient {

  private static final Logger LOG = Logger.getLogger(AsrClient.class.getName());

  private final Vertx vertx;
  private final StreamRecord stream;
  private final AsrDeadlines deadlines;
  private final Timer timer;
  /** Windows sent and not answered, with the worker each is at. */
  private final Set<Attempt> inFlight = new HashSet<>();
  /** Workers that let a window time out, until when they are passed over. */
  private final Map<String, Long> suspects = new HashMap<>();
  /** The utterance fed last and the worker that holds it: its next pieces go there. */
  private String stickyKey;
  private String stickyWorker;

  AsrClient(Vertx vertx, StreamRecord stream, AsrDeadlines deadlines, Timer timer) {
    this.vertx = vertx;
    this.stream = stream;
    this.deadlines = deadlines;
    this.timer = timer;
  }

  /** Re-sends the windows of workers that leave the cluster; unregister with the session. */
  MessageConsumer<String> listenForDepartures() {
    return vertx.eventBus().localConsumer(Addresses.ASR_NODE_LEFT, message -> departed(message.body()));
  }

  Future<Transcript> transcribe(AudioWindow window, String prompt) {
    return transcribe(window, null, prompt);
  }

  /**
   * A window, decoded on its own ({@code feed} null) or as the next piece of an utterance, which goes to
   * the worker that took the utterance's earlier pieces while that one is there. Fails with
   * {@link ResyncNeeded} when the worker does not hold the utterance.
   */
  Future<Transcript> transcribe(AudioWindow window, UtteranceFeed feed, String prompt) {
    long deadline = System.currentTimeMillis() + deadlines.budgetMs(window);
    Attempt attempt = new Attempt(new AsrRequest(stream.id(), stream.engine(),
        new TranscribeOptions(stream.language(), prompt), window, deadline, feed));
    send(attempt);
    return attempt.promise.future();
  }

  /** The worker does not hold the utterance a piece continues: send it again from its start. */
  static final class ResyncNeeded extends RuntimeException {
    ResyncNeeded(String message) {
      super(message, null, false, false);
    }
  }

  private final class Attempt {
    final AsrRequest request;
    final Promise<Transcript> promise = Promise.promise();
    final Set<String> tried = new LinkedHashSet<>();
    final long began = System.nanoTime();
    String worker;
    int sent;
    /** When the window was re-sent because its worker left (0: never), and the worker that left. */
    long resentAt;
    String departed;

    Attempt(AsrRequest request) {
      this.request = request;
    }
  }

  private void send(Attempt attempt) {
    long left = attempt.request.deadlineMs() - System.currentTimeMillis();
    if (left <= 0) {
      settle(attempt, null, "deadline passed before a worker could take the window (tried " + attempt.tried + ")");
      return;
    }
    Optional<String> worker = pick(attempt);
    if (worker.isEmpty() && !attempt.tried.isEmpty()) {
      settle(attempt, null, "no ASR worker could take the window: tried " + attempt.tried);
      return;
    }
    String engine = stream.engine();
    String address = worker.map(Addresses::asrNode)
        .orElse(engine == null ? Addresses.ASR_TRANSCRIBE : Addresses.asrEngine(engine));
    attempt.worker = worker.orElse(null);
    int sending = ++attempt.sent;
    inFlight.add(attempt);
    vertx.eventBus().<Transcript>request(address, attempt.request, new DeliveryOptions().setSendTimeout(left))
        .onComplete(reply -> {
          if (attempt.sent != sending || attempt.promise.future().isComplete()) {
            return; // re-sent meanwhile: this answer comes too late to count
          }
          if (reply.succeeded()) {
            if (attempt.request.feed() != null) {
              stickyKey = attempt.request.feed().key();
              stickyWorker = worker.orElse(null);
            }
            settle(attempt, reply.result().body(), null);
          } else if (reply.cause() instanceof ReplyException r && r.failureCode() == AsrWorkerVerticle.RESYNC) {
            inFlight.remove(attempt);
            attempt.promise.tryFail(new ResyncNeeded(r.getMessage()));
          } else if (worker.isPresent() && passOver(reply.cause())) {
            attempt.tried.add(worker.get());
            send(attempt);
          } else {
            if (worker.isPresent() && reply.cause() instanceof ReplyException r && r.failureType() == ReplyFailure.TIMEOUT) {
              suspects.put(worker.get(), System.currentTimeMillis() + io.captiond.asr.WorkerDirectory.STALE_MS);
              LOG.warning(() -> "stream " + stream.id() + ": window at " + attempt.request.window().startMs()
                  + " ms timed out at ASR worker " + worker.get() + " after " + left + " ms (its deadline); "
                  + "passing that worker over for a while");
            }
            settle(attempt, null, reply.cause().getMessage());
          }
        });
  }

  /** Busy, no such engine there, or nobody there: another worker may take it at once. */
  private static boolean passOver(Throwable error) {
    if (!(error instanceof ReplyException r)) {
      return false;
    }
    return r.failureType() == ReplyFailure.NO_HANDLERS || r.failureCode() == AsrWorkerVerticle.BUSY
        || r.failureCode() == AsrWorkerVerticle.NO_ENGINE;
  }

  private Optional<String> pick(Attempt attempt) {
    UtteranceFeed feed = attempt.request.feed();
    if (feed != null && feed.key().equals(stickyKey) && stickyWorker != null
        && !attempt.tried.contains(stickyWorker) && isLive(stickyWorker)) {
      return Optional.of(stickyWorker); // the worker that holds the utterance's decoder
    }
    long now = System.currentTimeMillis();
    suspects.values().removeIf(until -> until < now);
    Set<String> avoid = new HashSet<>(attempt.tried);
    avoid.addAll(suspects.keySet());
    Optional<String> worker = deadlines.directory().pick(stream.engine(), avoid);
    return worker.isPresent() ? worker : deadlines.directory().pick(stream.engine(), attempt.tried);
  }

  private boolean isLive(String worker) {
    return deadlines.directory().workers().stream()
        .anyMatch(w -> w.nodeId().equals(worker) && w.serves(stream.engine()));
  }

  private void departed(String node) {
    for (Attempt attempt : Set.copyOf(inFlight)) {
      if (node.equals(attempt.worker)) {
        LOG.warning(() -> "stream " + stream.id() + ": ASR worker " + node + " left with the window at "
            + attempt.request.window().startMs() + " ms; sending it to another at once");
        attempt.tried.add(node);
        attempt.resentAt = System.nanoTime();
        attempt.departed = node;
        inFlight.remove(attempt);
        send(attempt);
      }
    }
  }

  private void settle(Attempt attempt, Transcript transcript, String failure) {
    inFlight.remove(attempt);
    if (transcript != null) {
      timer.record(System.nanoTime() - attempt.began, TimeUnit.NANOSECONDS);
      if (attempt.resentAt != 0) {
        LOG.info(() -> "stream " + stream.id() + ": window at " + attempt.request.window().startMs() + " ms ("
            + attempt.request.window().durationMs() + " ms long), re-sent when " + attempt.departed + " left, answered by "
            + attempt.worker + " " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - attempt.resentAt)
            + " ms after the re-send");
      }
      attempt.promise.tryComplete(transcript);
    } else {
      attempt.promise.tryFail(failure);
    }
  }
}
