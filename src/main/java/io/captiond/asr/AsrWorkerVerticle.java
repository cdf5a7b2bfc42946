package io.captiond.asr;

import io.captiond.bus.Addresses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * A stateless ASR worker: takes {@link AsrRequest}s, runs the engine on a bounded pool of worker
 * threads and replies with the {@link Transcript}. A failed window is answered with a failure; the
 * session decides whether to retry.
 *
 * <p>Where requests come from: {@link Addresses#asrEngine} for each engine this worker has loaded
 * (and only those: an engine that failed to load is not offered), {@link Addresses#asrNode} for a
 * session that picked this worker from its heartbeat, {@link Addresses#ASR_TRANSCRIBE} for a stream
 * naming no engine. Every {@link WorkerDirectory#HEARTBEAT_MS} (and at once when its engines change or a
 * directory asks) it publishes a {@link WorkerInfo} heartbeat.
 *
 * <p>Work cannot pile up: a request whose deadline has passed is dropped unprocessed, on arrival or
 * when a thread takes it up ({@link #EXPIRED}); past {@code capacity} windows accepted and not
 * answered, a request is refused at once ({@link #BUSY}) so that the session can try another worker.
 *
 * <p>Engines come from the process's {@link EngineCatalog}, read afresh for each request; each
 * request holds its engine until it is answered. For a {@link BatchAsrEngine} the worker gathers
 * requests, from any streams, until it has {@link BatchAsrEngine#maxBatch()} or the first has waited
 * {@link BatchAsrEngine#batchWaitMs()}, and runs them as one batch ({@link BatchRun}). A request with
 * an {@link UtteranceFeed} goes to its {@link StreamingAsrEngine}, which keeps the utterance's decoder
 * between requests (the only state a worker keeps, inside the engine, shared by the node's workers);
 * an utterance it does not hold is answered {@link #RESYNC}. State here
 * belongs to this verticle's event loop alone.
 */
public final class AsrWorkerVerticle extends VerticleBase {

  public static final int NO_ENGINE = 404;
  public static final int EXPIRED = 408;
  /** The utterance a feed continues is not open here at that offset: send it again from its start. */
  public static final int RESYNC = 409;
  public static final int ENGINE_FAILED = 500;
  public static final int BUSY = 503;
  private static final Logger LOG = Logger.getLogger(AsrWorkerVerticle.class.getName());

  /**
   * @param nodeId this node's cluster id ({@code local} when not clustered)
   * @param capacity windows accepted at once, running or waiting, before requests are refused as busy
   * @param loader loads model folders for the engines API; {@code null}: none
   */
  public record Settings(String nodeId, int concurrency, int capacity, EngineCatalog.Loader loader) {}

  private final EngineCatalog engines;
  private final Settings settings;
  private final MeterRegistry meters;
  private final Runnable onCatalogChange = () -> context.runOnContext(v -> engineAddresses());
  /** Requests waiting to fill a batch, per engine instance (a replaced engine keeps its own batch). */
  private final Map<AsrEngine, List<Pending>> waiting = new IdentityHashMap<>();
  private final Map<AsrEngine, Long> batchTimers = new IdentityHashMap<>();
  private final Map<String, MessageConsumer<AsrRequest>> byEngine = new HashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private WorkerExecutor executor;
  private long heartbeatTimer;
  private int inFlight;
  private long transcribed;

  public AsrWorkerVerticle(EngineCatalog engines, Settings settings, MeterRegistry meters) {
    this.engines = engines;
    this.settings = settings;
    this.meters = meters;
  }

  /** A worker of a single process: node {@code local}, room for four windows per thread, no loader. */
  public AsrWorkerVerticle(EngineCatalog engines, int concurrency, MeterRegistry meters) {
    this(engines, new Settings("local", concurrency, 4 * concurrency, null), meters);
  }

  record Pending(Message<AsrRequest> message, EngineCatalog.Lease lease) {
    AsrRequest request() {
      return message.body();
    }
  }

  @Override
  public Future<?> start() {
    executor = vertx.createSharedWorkerExecutor("captiond-asr", settings.concurrency());
    var bus = vertx.eventBus();
    consumers.add(bus.consumer(Addresses.ASR_TRANSCRIBE, this::onRequest));
    consumers.add(bus.consumer(Addresses.asrNode(settings.nodeId()), this::onRequest));
    consumers.add(bus.<JsonObject>consumer(Addresses.asrControl(settings.nodeId()),
        new WorkerControl(vertx, settings.nodeId(), engines, settings.loader())::handle));
    consumers.add(bus.consumer(Addresses.ASR_CENSUS, m -> heartbeat()));
    engines.onChange(onCatalogChange);
    heartbeatTimer = vertx.setPeriodic(WorkerDirectory.HEARTBEAT_MS, id -> heartbeat());
    LOG.info(() -> "ASR worker " + settings.nodeId() + " ready: engines " + engines.names() + ", default "
        + engines.defaultEngine() + ", " + settings.concurrency() + " at once, room for " + settings.capacity());
    List<Future<Void>> registered = new ArrayList<>(consumers.stream().map(MessageConsumer::completion).toList());
    registered.add(engineAddresses());
    return Future.all(registered).onSuccess(v -> heartbeat());
  }

  @Override
  public Future<?> stop() {
    engines.removeListener(onCatalogChange);
    vertx.cancelTimer(heartbeatTimer);
    batchTimers.values().forEach(vertx::cancelTimer);
    for (List<Pending> batch : waiting.values()) {
      for (Pending pending : batch) {
        pending.message().fail(ENGINE_FAILED, "ASR worker stopping");
        pending.lease().close();
      }
    }
    waiting.clear();
    List<Future<Void>> unregistered = new ArrayList<>();
    consumers.forEach(c -> unregistered.add(c.unregister()));
    byEngine.values().forEach(c -> unregistered.add(c.unregister()));
    return Future.join(unregistered).eventually(() -> executor.close());
  }

  /** One consumer per loaded engine, no more, no fewer; then a heartbeat saying so. */
  private Future<Void> engineAddresses() {
    List<Future<Void>> changes = new ArrayList<>();
    for (String name : engines.names()) {
      if (!byEngine.containsKey(name)) {
        MessageConsumer<AsrRequest> consumer = vertx.eventBus().consumer(Addresses.asrEngine(name), this::onRequest);
        byEngine.put(name, consumer);
        changes.add(consumer.completion());
      }
    }
    byEngine.keySet().removeIf(name -> {
      boolean gone = !engines.names().contains(name);
      if (gone) {
        changes.add(byEngine.get(name).unregister());
      }
      return gone;
    });
    return Future.join(changes).<Void>mapEmpty().onComplete(v -> heartbeat());
  }

  private void heartbeat() {
    vertx.eventBus().publish(Addresses.ASR_WORKERS, info().toJson());
  }

  WorkerInfo info() {
    return new WorkerInfo(settings.nodeId(), engines.defaultEngine(), engines.describe(), settings.capacity(),
        inFlight, transcribed);
  }

  private void onRequest(Message<AsrRequest> message) {
    AsrRequest request = message.body();
    if (request.expired(System.currentTimeMillis())) {
      refuse(message, EXPIRED, "window of stream " + request.streamId() + " at " + request.window().startMs()
          + " ms arrived after its deadline; dropped unprocessed");
      return;
    }
    if (inFlight >= settings.capacity()) {
      refuse(message, BUSY, "ASR worker " + settings.nodeId() + " is busy (" + inFlight + " windows of "
          + settings.capacity() + ")");
      return;
    }
    Optional<EngineCatalog.Lease> leased = engines.acquire(request.engine());
    if (leased.isEmpty()) {
      String name = request.engine() == null ? engines.defaultEngine() : request.engine();
      LOG.warning(() -> "asked for engine '" + name + "', which this worker has not loaded (it has "
          + engines.names() + ")");
      message.fail(NO_ENGINE, "no ASR engine '" + name + "' on this worker; it has " + engines.names());
      return;
    }
    inFlight++;
    EngineCatalog.Lease lease = leased.get();
    if (request.feed() == null && lease.engine() instanceof BatchAsrEngine batching && batching.maxBatch() > 1) {
      List<Pending> batch = waiting.computeIfAbsent(batching, e -> new ArrayList<>());
      batch.add(new Pending(message, lease));
      if (batch.size() >= batching.maxBatch()) {
        runBatch(batching);
      } else if (batch.size() == 1) {
        batchTimers.put(batching, vertx.setTimer(Math.max(1, batching.batchWaitMs()), id -> runBatch(batching)));
      }
      return;
    }
    Timer.Sample sample = Timer.start(meters);
    executor.executeBlocking(() -> {
      if (request.expired(System.currentTimeMillis())) {
        throw new BatchRun.Expired();
      }
      return run(lease.engine(), request);
    }, false).onComplete(done -> {
      lease.close();
      inFlight--;
    }).onSuccess(transcript -> {
      sample.stop(engineTimer(lease.name()));
      transcribed++;
      message.reply(transcript);
    }).onFailure(error -> answerFailure(message, lease.name(), error));
  }

  private static Transcript run(AsrEngine engine, AsrRequest request) throws AsrException {
    if (request.feed() == null) {
      return engine.transcribe(request.window(), request.options());
    }
    if (!(engine instanceof StreamingAsrEngine streaming)) {
      throw new AsrException("engine " + engine.name() + " does not decode utterances as they arrive");
    }
    return streaming.feed(request.feed(), request.window(), request.options());
  }

  private void runBatch(BatchAsrEngine engine) {
    List<Pending> requests = waiting.remove(engine);
    Long timer = batchTimers.remove(engine);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
    if (requests == null) {
      return;
    }
    String name = requests.get(0).lease().name();
    DistributionSummary.builder("captiond.asr.batch.size").tag("engine", name)
        .description("Windows per batched engine call").register(meters).record(requests.size());
    BatchRun run = new BatchRun(engine, requests.stream().map(Pending::request).toList());
    Timer.Sample sample = Timer.start(meters);
    executor.executeBlocking(run::call, false).onComplete(done -> {
      requests.forEach(p -> p.lease().close());
      inFlight -= requests.size();
    }).onSuccess(outcomes -> {
      long nanos = sample.stop(engineTimer(name));
      for (int i = 1; i < run.ran(); i++) {
        engineTimer(name).record(java.time.Duration.ofNanos(nanos));
      }
      for (int i = 0; i < requests.size(); i++) {
        BatchAsrEngine.Outcome outcome = outcomes.get(i);
        if (outcome.failure() == null) {
          transcribed++;
          requests.get(i).message().reply(outcome.transcript());
        } else {
          answerFailure(requests.get(i).message(), name, outcome.failure());
        }
      }
    }).onFailure(error -> requests.forEach(p -> answerFailure(p.message(), name, error)));
  }

  private Timer engineTimer(String name) {
    return Timer.builder("captiond.asr.transcribe").tag("engine", name)
        .description("Engine time per window").publishPercentileHistogram().register(meters);
  }

  private void refuse(Message<AsrRequest> message, int code, String why) {
    refused(code).increment();
    LOG.fine(() -> why);
    message.fail(code, why);
  }

  private Counter refused(int code) {
    return Counter.builder("captiond.asr.refused").tag("reason", code == BUSY ? "busy" : "expired")
        .description("Windows a worker refused unprocessed: busy, or past their deadline").register(meters);
  }

  private void answerFailure(Message<AsrRequest> message, String name, Throwable error) {
    AsrRequest request = message.body();
    if (error instanceof BatchRun.Expired) {
      refuse(message, EXPIRED, "window of stream " + request.streamId() + " at " + request.window().startMs()
          + " ms waited past its deadline; dropped unprocessed");
      return;
    }
    if (error instanceof StreamingAsrEngine.ResyncException) {
      LOG.fine(() -> "stream " + request.streamId() + ": " + error.getMessage() + "; asking for the utterance again");
      message.fail(RESYNC, error.getMessage());
      return;
    }
    LOG.warning(() -> name + " failed on a window of stream " + request.streamId() + " at "
        + request.window().startMs() + " ms: " + error.getMessage());
    message.fail(ENGINE_FAILED, name + ": " + error.getMessage());
  }
}
