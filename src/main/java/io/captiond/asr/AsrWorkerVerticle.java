package io.captiond.asr;

import io.captiond.bus.Addresses;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A stateless ASR worker: takes {@link AsrRequest}s from {@link Addresses#ASR_TRANSCRIBE} (the event
 * bus spreads them round-robin over every worker of the cluster), runs the engine on a bounded pool
 * of worker threads and replies with the {@link Transcript}. A failed window is answered with a
 * failure; the session decides whether to retry.
 */
public final class AsrWorkerVerticle extends VerticleBase {

  public static final int NO_ENGINE = 404;
  public static final int ENGINE_FAILED = 500;
  private static final Logger LOG = Logger.getLogger(AsrWorkerVerticle.class.getName());

  private final Map<String, AsrEngine> engines;
  private final String defaultEngine;
  private final int concurrency;
  private final MeterRegistry meters;
  private WorkerExecutor executor;
  private MessageConsumer<AsrRequest> consumer;

  public AsrWorkerVerticle(Map<String, AsrEngine> engines, String defaultEngine, int concurrency,
      MeterRegistry meters) {
    this.engines = Map.copyOf(engines);
    this.defaultEngine = defaultEngine;
    this.concurrency = concurrency;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    executor = vertx.createSharedWorkerExecutor("captiond-asr", concurrency);
    consumer = vertx.eventBus().consumer(Addresses.ASR_TRANSCRIBE, this::onRequest);
    LOG.info(() -> "ASR worker ready: engines " + engines.keySet() + ", default " + defaultEngine
        + ", " + concurrency + " at once");
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    return consumer.unregister().eventually(() -> executor.close());
  }

  private void onRequest(Message<AsrRequest> message) {
    AsrRequest request = message.body();
    String name = request.engine() == null ? defaultEngine : request.engine();
    AsrEngine engine = engines.get(name);
    if (engine == null) {
      message.fail(NO_ENGINE, "no ASR engine '" + name + "' on this worker; it has " + engines.keySet());
      return;
    }
    Timer.Sample sample = Timer.start(meters);
    executor.executeBlocking(() -> engine.transcribe(request.window(), request.options()), false)
        .onSuccess(transcript -> {
          sample.stop(Timer.builder("captiond.asr.transcribe").tag("engine", name)
              .description("Engine time per window").publishPercentileHistogram().register(meters));
          message.reply(transcript);
        })
        .onFailure(error -> {
          LOG.warning(() -> name + " failed on a window of stream " + request.streamId() + " at "
              + request.window().startMs() + " ms: " + error.getMessage());
          message.fail(ENGINE_FAILED, name + ": " + error.getMessage());
        });
  }
}
