package io.captiond.translate;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Units of one stream and pair to the translation workers of a text engine ({@link TranslationAddresses#forEngine}),
 * the engine picked afresh for each request (the stream's choice, or the first that offers the pair).
 */
final class BusTranslator implements UnitTranslator {

  private final Vertx vertx;
  private final String streamId;
  private final LanguagePair pair;
  private final Function<LanguagePair, Optional<String>> engineFor;
  private final long deadlineMs;

  BusTranslator(Vertx vertx, String streamId, LanguagePair pair, Function<LanguagePair, Optional<String>> engineFor,
      long deadlineMs) {
    this.vertx = vertx;
    this.streamId = streamId;
    this.pair = pair;
    this.engineFor = engineFor;
    this.deadlineMs = deadlineMs;
  }

  @Override
  public int maxBatch(int configured) {
    return configured;
  }

  @Override
  public Future<List<TranslationUnit>> translate(List<TranslationUnit> units) {
    Optional<String> engine = engineFor.apply(pair);
    if (engine.isEmpty()) {
      return UnitTranslator.failure(TranslationWorkerVerticle.NO_ENGINE,
          "no translation engine offers " + pair + " now");
    }
    return vertx.eventBus().<TranslationReply>request(TranslationAddresses.forEngine(engine.get()),
        new TranslationRequest(streamId, pair, units, deadlineMs),
        new DeliveryOptions().setSendTimeout(deadlineMs + 1_000)).map(reply -> reply.body().units());
  }
}
