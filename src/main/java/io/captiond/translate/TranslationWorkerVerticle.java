package io.captiond.translate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A stateless translation worker for one engine: takes {@link TranslationRequest}s from
 * {@link TranslationAddresses#forEngine} (the event bus spreads them round-robin over every worker
 * of that engine in the cluster), has the engine from the {@link TranslationCatalog} translate them,
 * and replies with a {@link TranslationReply}. The engine is looked up afresh for each request, so
 * it can be swapped while the worker runs.
 *
 * <p>At most {@link Limits#maxInFlight} requests are with the engine at once; up to
 * {@link Limits#maxQueued} more wait, in arrival order; beyond that a request is refused at once
 * with {@link #BUSY}, so a stalled service pushes back instead of piling up work. Each request
 * carries its deadline: one that waited past it is dropped, and an engine that has not answered by
 * then is answered for with {@link #DEADLINE}. The queue and counters belong to this verticle's event
 * loop alone.
 */
public final class TranslationWorkerVerticle extends VerticleBase {

  /** The engine refused the request (a pair it does not offer, an invalid text). */
  public static final int REFUSED = 400;
  /** No engine of this name on this worker. */
  public static final int NO_ENGINE = 404;
  /** The engine failed or answered nonsense. */
  public static final int ENGINE_FAILED = 500;
  /** The engine's service cannot be reached. */
  public static final int UNREACHABLE = 502;
  /** The queue is full, or the service asked us to slow down. */
  public static final int BUSY = 503;
  /** The request's deadline passed before the engine answered. */
  public static final int DEADLINE = 504;

  private static final Logger LOG = Logger.getLogger(TranslationWorkerVerticle.class.getName());

  /** How much work one worker takes on. */
  public record Limits(int maxInFlight, int maxQueued) {
    public Limits {
      if (maxInFlight < 1 || maxQueued < 0) {
        throw new IllegalArgumentException("a translation worker needs maxInFlight >= 1 and maxQueued >= 0, not "
            + maxInFlight + " and " + maxQueued);
      }
    }
  }

  private record Pending(Message<TranslationRequest> message, long deadlineNanos) {}

  private final TranslationCatalog catalog;
  private final String engine;
  private final Limits limits;
  private final MeterRegistry meters;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final AtomicInteger depth = new AtomicInteger();
  private int inFlight;
  private MessageConsumer<TranslationRequest> consumer;

  public TranslationWorkerVerticle(TranslationCatalog catalog, String engine, Limits limits, MeterRegistry meters) {
    this.catalog = catalog;
    this.engine = engine;
    this.limits = limits;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    Gauge.builder("captiond.translate.queue", depth, AtomicInteger::get).tag("engine", engine)
        .description("Translation requests waiting for the engine").register(meters);
    consumer = vertx.eventBus().consumer(TranslationAddresses.forEngine(engine), this::onRequest);
    LOG.info(() -> "translation worker ready for " + engine + ": " + limits.maxInFlight() + " at once, "
        + limits.maxQueued() + " waiting at most");
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    for (Pending pending : queue) {
      pending.message().fail(BUSY, "translation worker for " + engine + " stopping");
    }
    queue.clear();
    depth.set(0);
    return consumer.unregister();
  }

  private void onRequest(Message<TranslationRequest> message) {
    long deadline = System.nanoTime() + message.body().deadlineMs() * 1_000_000;
    Pending pending = new Pending(message, deadline);
    if (inFlight < limits.maxInFlight()) {
      run(pending);
    } else if (queue.size() < limits.maxQueued()) {
      queue.add(pending);
      depth.set(queue.size());
    } else {
      fail(message, BUSY, "translation worker for " + engine + " is full: " + inFlight + " with the engine and "
          + queue.size() + " waiting, the most it holds");
    }
  }

  private void run(Pending pending) {
    Message<TranslationRequest> message = pending.message();
    TranslationRequest request = message.body();
    long leftMs = (pending.deadlineNanos() - System.nanoTime()) / 1_000_000;
    if (leftMs <= 0) {
      fail(message, DEADLINE, "request of stream " + request.streamId() + " waited past its "
          + request.deadlineMs() + " ms deadline in the " + engine + " queue");
      return;
    }
    Optional<TranslationCatalog.Lease> leased = catalog.acquire(engine);
    if (leased.isEmpty()) {
      fail(message, NO_ENGINE, "no translation engine '" + engine + "' on this worker; it has " + catalog.names());
      return;
    }
    TranslationCatalog.Lease lease = leased.get();
    inFlight++;
    boolean[] answered = {false};
    long timer = vertx.setTimer(leftMs, id -> {
      answered[0] = true;
      fail(message, DEADLINE, engine + " did not translate " + request.units().size() + " units of stream "
          + request.streamId() + " within their " + request.deadlineMs() + " ms deadline");
    });
    Timer.Sample sample = Timer.start(meters);
    List<String> texts = request.units().stream().map(TranslationUnit::text).toList();
    Future<List<String>> translated;
    try {
      translated = lease.engine().translate(texts, request.pair());
    } catch (RuntimeException e) {
      translated = Future.failedFuture(e);
    }
    // an engine may complete on another thread: the queue and counters are touched on our loop only
    translated.onComplete(done -> onOurLoop(() -> {
      vertx.cancelTimer(timer);
      lease.close();
      inFlight--;
      if (answered[0]) {
        drain();
        return;
      }
      if (done.failed()) {
        fail(message, code(done.cause()), done.cause().getMessage());
      } else if (done.result().size() != request.units().size()) {
        fail(message, ENGINE_FAILED, engine + " answered " + done.result().size() + " texts for "
            + request.units().size() + " units");
      } else {
        sample.stop(Timer.builder("captiond.translate.engine").tag("engine", engine)
            .description("Engine time per translation request").publishPercentileHistogram().register(meters));
        message.reply(reply(request, done.result()));
      }
      drain();
    }));
  }

  private void onOurLoop(Runnable action) {
    if (io.vertx.core.Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  private void drain() {
    while (inFlight < limits.maxInFlight() && !queue.isEmpty()) {
      Pending next = queue.poll();
      depth.set(queue.size());
      run(next);
    }
  }

  private TranslationReply reply(TranslationRequest request, List<String> texts) {
    List<TranslationUnit> units = new java.util.ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      units.add(request.units().get(i).withText(texts.get(i)));
    }
    return new TranslationReply(engine, request.pair(), units);
  }

  /** The failure code a {@link TranslationException} reason maps to. */
  static int code(Throwable error) {
    if (!(error instanceof TranslationException translation)) {
      return ENGINE_FAILED;
    }
    return switch (translation.reason()) {
      case UNSUPPORTED_PAIR, REFUSED -> REFUSED;
      case UNREACHABLE -> UNREACHABLE;
      case OVERLOADED -> BUSY;
      case TIMEOUT -> DEADLINE;
      case ENGINE_ERROR -> ENGINE_FAILED;
    };
  }

  private void fail(Message<TranslationRequest> message, int code, String why) {
    Counter.builder("captiond.translate.failures").tag("engine", engine).tag("code", Integer.toString(code))
        .description("Translation requests answered with a failure").register(meters).increment();
    LOG.warning(() -> "translation for stream " + message.body().streamId() + " failed (" + code + "): " + why);
    message.fail(code, why);
  }
}
