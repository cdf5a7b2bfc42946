package io.captiond.translate;

import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.List;

/**
 * How one language's units reach their engine: the translation workers of a text engine
 * ({@link BusTranslator}), or Whisper's translate task on the ASR workers ({@link WhisperTranslator}). A
 * {@link LanguageTrack} sends one batch at a time and judges a failure by its code.
 */
interface UnitTranslator {

  /** The most units sent at once, given the configured batch. */
  int maxBatch(int configured);

  /**
   * The translations of {@code units}, one per unit, same order and spans; or a failure that is a
   * {@link ReplyException}: a {@link ReplyFailure#RECIPIENT_FAILURE} whose code is one of
   * {@link TranslationWorkerVerticle}'s, or a timeout, or no handlers.
   */
  Future<List<TranslationUnit>> translate(List<TranslationUnit> units);

  /** Whether it translates text, and so can translate tentative text ({@code translate.tentative}). */
  default boolean translatesText() {
    return true;
  }

  /** A failure with one of {@link TranslationWorkerVerticle}'s codes. */
  static <T> Future<T> failure(int code, String why) {
    return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, why));
  }
}
