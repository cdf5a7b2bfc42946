package io.captiond.translate;

import io.captiond.asr.AsrRequest;
import io.captiond.asr.AsrWorkerVerticle;
import io.captiond.asr.AudioWindow;
import io.captiond.asr.TranscribeOptions;
import io.captiond.asr.Transcript;
import io.captiond.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code whisper} engine: Whisper's own translate task into English. Whisper translates speech, not text,
 * so each confirmed unit's source audio span is taken from the stream's {@link RecentAudio} and decoded again by
 * an ASR worker that has a Whisper engine, with {@code task=translate} and the stream's language; the text it
 * hears is the unit's English, with the unit's span. One unit per request (each is its own window).
 *
 * <p>A unit whose audio has already left the ring fails with {@link #AUDIO_GONE}: skipped at once, a counted
 * gap. No Whisper worker, a busy one or a missed deadline read as the service being down (the units wait).
 */
final class WhisperTranslator implements UnitTranslator {

  /** The unit's audio is no longer kept ({@code translate.audio_kept_ms}): nothing to translate from. */
  static final int AUDIO_GONE = 410;
  /** The longest window Whisper takes. */
  static final long MAX_WINDOW_MS = 30_000;

  private final Vertx vertx;
  private final String streamId;
  private final String sourceLanguage;
  private final RecentAudio audio;
  private final WhisperWorkers workers;
  private final long deadlineMs;

  WhisperTranslator(Vertx vertx, String streamId, String sourceLanguage, RecentAudio audio, WhisperWorkers workers,
      long deadlineMs) {
    this.vertx = vertx;
    this.streamId = streamId;
    this.sourceLanguage = sourceLanguage;
    this.audio = audio;
    this.workers = workers;
    this.deadlineMs = deadlineMs;
  }

  @Override
  public int maxBatch(int configured) {
    return 1;
  }

  /** Tentative text has no settled audio span to hear again: no tentative translations. */
  @Override
  public boolean translatesText() {
    return false;
  }

  @Override
  public Future<List<TranslationUnit>> translate(List<TranslationUnit> units) {
    TranslationUnit unit = units.get(0);
    Optional<AudioWindow> window = window(unit);
    if (window.isEmpty()) {
      return UnitTranslator.failure(AUDIO_GONE, "the audio of " + unit.startMs() + "-" + unit.endMs()
          + " ms has left the stream's recent audio (kept from " + audio.oldestMs() + " ms)");
    }
    Optional<String> engine = workers.engine();
    if (engine.isEmpty()) {
      return UnitTranslator.failure(TranslationWorkerVerticle.NO_ENGINE, "no ASR worker has a Whisper engine loaded");
    }
    String address = workers.worker(engine.get(), Set.of()).map(Addresses::asrNode)
        .orElse(Addresses.asrEngine(engine.get()));
    AsrRequest request = new AsrRequest(streamId, engine.get(),
        new TranscribeOptions(sourceLanguage, "", TranscribeOptions.TRANSLATE), window.get(),
        System.currentTimeMillis() + deadlineMs);
    return vertx.eventBus().<Transcript>request(address, request, new DeliveryOptions().setSendTimeout(deadlineMs))
        .<List<TranslationUnit>>map(reply -> List.of(unit.withText(reply.body().text())))
        .recover(error -> Future.failedFuture(asTranslationFailure(error)));
  }

  /** The unit's span, at most {@link #MAX_WINDOW_MS} of it. */
  Optional<AudioWindow> window(TranslationUnit unit) {
    long endMs = Math.min(unit.endMs(), unit.startMs() + MAX_WINDOW_MS);
    return audio.span(unit.startMs(), endMs).map(samples -> new AudioWindow(unit.startMs(), samples));
  }

  /** An ASR worker's failure in the codes a {@link LanguageTrack} judges. */
  static Throwable asTranslationFailure(Throwable error) {
    if (!(error instanceof ReplyException reply)) {
      return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, TranslationWorkerVerticle.ENGINE_FAILED,
          error.getMessage());
    }
    int code = switch (reply.failureType()) {
      case TIMEOUT -> TranslationWorkerVerticle.DEADLINE;
      case NO_HANDLERS -> TranslationWorkerVerticle.NO_ENGINE;
      default -> switch (reply.failureCode()) {
        case AsrWorkerVerticle.BUSY -> TranslationWorkerVerticle.BUSY;
        case AsrWorkerVerticle.NO_ENGINE -> TranslationWorkerVerticle.NO_ENGINE;
        case AsrWorkerVerticle.EXPIRED -> TranslationWorkerVerticle.DEADLINE;
        default -> TranslationWorkerVerticle.ENGINE_FAILED;
      };
    };
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, "Whisper translate task: " + reply.getMessage());
  }
}
