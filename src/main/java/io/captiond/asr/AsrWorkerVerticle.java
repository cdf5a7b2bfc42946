package io.captiond.asr;

import io.captiond.bus.Addresses;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * A stateless ASR worker: takes {@link AsrRequest}s from {@link Addresses#ASR_TRANSCRIBE} (the event
 * bus spreads them round-robin over every worker of the cluster), runs the engine on a bounded pool
 * of worker threads and replies with the {@link Transcript}. A failed window is answered with a
 * failure; the session decides whether to retry.
 *
 * <p>Engines come from the process's {@link EngineCatalog}, read afresh for each request (an
 * immutable map, swapped as a whole when an engine is added or replaced); each request holds its
 * engine until it is answered. For a {@link BatchAsrEngine} the worker gathers requests, from any
 * streams, until it has {@link BatchAsrEngine#maxBatch()} or the first has waited
 * {@link BatchAsrEngine#batchWaitMs()}, and runs them as one batch. The waiting requests belong to
 * this verticle's event loop alone.
 */
public final class AsrWorkerVerticle extends VerticleBase {

  public static final int NO_ENGINE = 404;
  public static final int ENGINE_FAILED = 500;
  private static final Logger LOG = Logger.getLogger(AsrWorkerVerticle.class.getName());

  private final EngineCatalog engines;
  private final int concurrency;
  private final MeterRegistry meters;
  /** Requests waiting to fill a batch, per engine instance (a replaced engine keeps its own batch). */
  private final Map<AsrEngine, Batch> waiting = new IdentityHashMap<>();
  private WorkerExecutor executor;
  private MessageConsumer<AsrRequest> consumer;

  public AsrWorkerVerticle(EngineCatalog engines, int concurrency, MeterRegistry meters) {
    this.engines = engines;
    this.concurrency = concurrency;
    this.meters = meters;
  }

  private record Pending(Message<AsrRequest> message, EngineCatalog.Lease lease) {}

  private static final class Batch {
    final List<Pending> requests = new ArrayList<>();
    long timer = -1;
  }

  @Override
  public Future<?> start() {
    executor = vertx.createSharedWorkerExecutor("captiond-asr", concurrency);
    consumer = vertx.eventBus().consumer(Addresses.ASR_TRANSCRIBE, this::onRequest);
    LOG.info(() -> "ASR worker ready: engines " + engines.names() + ", default " + engines.defaultEngine()
        + ", " + concurrency + " at once");
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    for (Batch batch : waiting.values()) {
      vertx.cancelTimer(batch.timer);
      for (Pending pending : batch.requests) {
        pending.message().fail(ENGINE_FAILED, "ASR worker stopping");
        pending.lease().close();
      }
    }
    waiting.clear();
    return consumer.unregister().eventually(() -> executor.close());
  }

  private void onRequest(Message<AsrRequest> message) {
    AsrRequest request = message.body();
    Optional<EngineCatalog.Lease> leased = engines.acquire(request.engine());
    if (leased.isEmpty()) {
      String name = request.engine() == null ? engines.defaultEngine() : request.engine();
      message.fail(NO_ENGINE, "no ASR engine '" + name + "' on this worker; it has " + engines.names());
      return;
    }
    EngineCatalog.Lease lease = leased.get();
    if (lease.engine() instanceof BatchAsrEngine batching && batching.maxBatch() > 1) {
      Batch batch = waiting.computeIfAbsent(batching, e -> new Batch());
      batch.requests.add(new Pending(message, lease));
      if (batch.requests.size() >= batching.maxBatch()) {
        runBatch(batching);
      } else if (batch.requests.size() == 1) {
        batch.timer = vertx.setTimer(Math.max(1, batching.batchWaitMs()), id -> runBatch(batching));
      }
      return;
    }
    Timer.Sample sample = Timer.start(meters);
    executor.executeBlocking(() -> lease.engine().transcribe(request.window(), request.options()), false)
        .onComplete(done -> lease.close())
        .onSuccess(transcript -> {
          sample.stop(engineTimer(lease.name()));
          message.reply(transcript);
        })
        .onFailure(error -> fail(message, lease.name(), error));
  }

  private void runBatch(BatchAsrEngine engine) {
    Batch batch = waiting.remove(engine);
    if (batch == null) {
      return;
    }
    vertx.cancelTimer(batch.timer);
    List<Pending> requests = batch.requests;
    String name = requests.get(0).lease().name();
    DistributionSummary.builder("captiond.asr.batch.size").tag("engine", name)
        .description("Windows per batched engine call").register(meters).record(requests.size());
    List<AudioWindow> windows = requests.stream().map(p -> p.message().body().window()).toList();
    List<TranscribeOptions> options = requests.stream().map(p -> p.message().body().options()).toList();
    Timer.Sample sample = Timer.start(meters);
    executor.executeBlocking(() -> engine.transcribeAll(windows, options), false)
        .onComplete(done -> requests.forEach(p -> p.lease().close()))
        .onSuccess(outcomes -> {
          long nanos = sample.stop(engineTimer(name));
          for (int i = 1; i < requests.size(); i++) {
            engineTimer(name).record(java.time.Duration.ofNanos(nanos));
          }
          for (int i = 0; i < requests.size(); i++) {
            BatchAsrEngine.Outcome outcome = outcomes.get(i);
            if (outcome.failure() == null) {
              requests.get(i).message().reply(outcome.transcript());
            } else {
              fail(requests.get(i).message(), name, outcome.failure());
            }
          }
        })
        .onFailure(error -> requests.forEach(p -> fail(p.message(), name, error)));
  }

  private Timer engineTimer(String name) {
    return Timer.builder("captiond.asr.transcribe").tag("engine", name)
        .description("Engine time per window").publishPercentileHistogram().register(meters);
  }

  private static void fail(Message<AsrRequest> message, String name, Throwable error) {
    AsrRequest request = message.body();
    LOG.warning(() -> name + " failed on a window of stream " + request.streamId() + " at "
        + request.window().startMs() + " ms: " + error.getMessage());
    message.fail(ENGINE_FAILED, name + ": " + error.getMessage());
  }
}
