package io.captiond.translate;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * The {@code mt} role of a node: connects the configured engines into the {@link TranslationCatalog}
 * (an engine whose service is not up yet is tried again every {@link #RETRY_MS}, so the node starts
 * anyway and picks it up), deploys one {@link TranslationWorkerVerticle} per engine, asks each engine
 * again for its pairs every {@link #REFRESH_MS}, and answers {@link TranslationAddresses#PAIRS}.
 */
public final class TranslationNodeVerticle extends VerticleBase {

  static final long RETRY_MS = 2_000;
  static final long REFRESH_MS = 30_000;
  private static final Logger LOG = Logger.getLogger(TranslationNodeVerticle.class.getName());

  private final TranslationCatalog catalog;
  private final TranslationSettings settings;
  private final MeterRegistry meters;
  private final List<Long> timers = new ArrayList<>();
  private MessageConsumer<Object> pairs;

  public TranslationNodeVerticle(TranslationCatalog catalog, TranslationSettings settings, MeterRegistry meters) {
    this.catalog = catalog;
    this.settings = settings;
    this.meters = meters;
  }

  @Override
  public Future<?> start() {
    pairs = vertx.eventBus().consumer(TranslationAddresses.PAIRS, message -> message.reply(pairsJson(catalog)));
    List<Future<?>> ready = new ArrayList<>(List.of(pairs.completion()));
    for (Map.Entry<String, JsonObject> engine : settings.engines().entrySet()) {
      ready.add(vertx.deployVerticle(new TranslationWorkerVerticle(catalog, engine.getKey(), settings.workerLimits(),
          meters)));
      ready.add(connect(engine.getKey(), engine.getValue()));
    }
    timers.add(vertx.setPeriodic(REFRESH_MS, id -> catalog.names().forEach(name -> catalog.acquire(name)
        .ifPresent(lease -> lease.engine().refreshPairs().onComplete(done -> lease.close())))));
    LOG.info(() -> "translation node: engines " + settings.engines().keySet());
    return Future.all(ready);
  }

  /** Completes after the first attempt, whatever it gave. */
  private Future<Void> connect(String name, JsonObject engineSettings) {
    return TranslationEngines.create(vertx, name, engineSettings).onSuccess(catalog::put).onFailure(error -> {
      LOG.warning(() -> "translation engine " + name + " not ready (" + error.getMessage() + "); trying again in "
          + RETRY_MS + " ms");
      if (!(error instanceof IllegalArgumentException)) {
        timers.add(vertx.setTimer(RETRY_MS, id -> connect(name, engineSettings)));
      }
    }).<Void>mapEmpty().otherwiseEmpty();
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    return pairs.unregister();
  }

  /** {@code {"apertium": ["en->es", ...]}}. */
  static JsonObject pairsJson(TranslationCatalog catalog) {
    JsonObject json = new JsonObject();
    catalog.pairs().forEach((name, offered) -> json.put(name,
        new JsonArray(new ArrayList<>(new TreeSet<>(offered.stream().map(LanguagePair::toString).toList())))));
    return json;
  }
}
