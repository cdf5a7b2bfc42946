package io.captiond.translate;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The translation stage's settings ({@code translate.*} in {@code conf/captiond.yaml}), checked once.
 *
 * @param engines the engines an {@code mt} node serves, by name, each as {@link TranslationEngines#create}
 *     takes it; empty when none is configured
 * @param workerInFlight requests one worker has with its engine at once
 * @param workerQueued requests one worker holds waiting beyond those
 * @param deadlineMs how long a stream waits for one request before it counts as failed
 * @param retries further attempts at a unit the engine refused or failed before it is skipped (a gap)
 * @param maxBacklog units a stream holds per language while the service is down; beyond, the oldest is skipped
 * @param maxBatch units sent in one request (catching up after an outage goes this many at a time)
 * @param maxLanguages translations one stream may ask for
 * @param units how confirmed text is cut into units
 * @param audioKeptMs how much of a stream's recent audio is kept for the {@code whisper} engine, which re-hears
 *     each unit's span ({@link RecentAudio}); a unit whose audio has left it by the time it is sent is a gap
 * @param tentative whether the open unit and the source's tentative text are translated too, live and unstored
 *     (text engines only; off by default)
 */
public record TranslationSettings(Map<String, JsonObject> engines, int workerInFlight, int workerQueued,
    long deadlineMs, int retries, int maxBacklog, int maxBatch, int maxLanguages, TranslationUnits.Limits units,
    long audioKeptMs, boolean tentative) {

  public static final String APERTIUM_URL = "translate.apertium_url";
  public static final String LIBRETRANSLATE_URL = "translate.libretranslate_url";
  public static final String LIBRETRANSLATE_API_KEY = "translate.libretranslate_api_key";
  public static final String ENGINE_TIMEOUT_MS = "translate.engine_timeout_ms";
  public static final String CONCURRENCY = "translate.concurrency";
  public static final String MAX_QUEUED = "translate.max_queued";
  public static final String DEADLINE_MS = "translate.deadline_ms";
  public static final String RETRIES = "translate.retries";
  public static final String MAX_BACKLOG_UNITS = "translate.max_backlog_units";
  public static final String MAX_BATCH_UNITS = "translate.max_batch_units";
  public static final String MAX_LANGUAGES = "translate.max_languages";
  public static final String UNIT_MAX_WORDS = "translate.unit_max_words";
  public static final String UNIT_MAX_MS = "translate.unit_max_ms";
  public static final String UNIT_PAUSE_MS = "translate.unit_pause_ms";
  public static final String AUDIO_KEPT_MS = "translate.audio_kept_ms";
  public static final String TENTATIVE = "translate.tentative";
  /** The default of {@link #AUDIO_KEPT_MS}: two minutes, 3.75 MB per stream that uses Whisper to translate. */
  public static final long DEFAULT_AUDIO_KEPT_MS = 120_000;

  /** No engines, the defaults otherwise (tests, nodes without {@code mt}). */
  public static final TranslationSettings NONE = new TranslationSettings(Map.of(), 8, 256, 10_000, 2, 500, 8, 8,
      TranslationUnits.Limits.DEFAULT);

  /** With the default {@link #AUDIO_KEPT_MS}, no tentative translations. */
  public TranslationSettings(Map<String, JsonObject> engines, int workerInFlight, int workerQueued, long deadlineMs,
      int retries, int maxBacklog, int maxBatch, int maxLanguages, TranslationUnits.Limits units) {
    this(engines, workerInFlight, workerQueued, deadlineMs, retries, maxBacklog, maxBatch, maxLanguages, units,
        DEFAULT_AUDIO_KEPT_MS, false);
  }

  public TranslationSettings {
    engines = Map.copyOf(engines);
    if (workerInFlight < 1 || workerQueued < 0 || deadlineMs < 100 || retries < 0 || maxBacklog < 1 || maxBatch < 1
        || maxLanguages < 0 || audioKeptMs < 1_000) {
      throw new IllegalArgumentException("translation limits must be positive: in flight " + workerInFlight
          + ", queued " + workerQueued + ", deadline " + deadlineMs + " ms, retries " + retries + ", backlog "
          + maxBacklog + ", batch " + maxBatch + ", languages " + maxLanguages + ", audio kept " + audioKeptMs + " ms");
    }
  }

  /** The engines named by URL: {@code apertium} and {@code libretranslate}, each where its URL is set. */
  public static Map<String, JsonObject> engines(String apertiumUrl, String libreUrl, String libreKey, long timeoutMs) {
    Map<String, JsonObject> engines = new LinkedHashMap<>();
    if (!apertiumUrl.isBlank()) {
      ApertiumConfig.stripSlash(apertiumUrl.strip()); // a bad URL stops start-up, naming the key
      engines.put(ApertiumEngine.KIND, new JsonObject().put(TranslationEngines.KIND, ApertiumEngine.KIND)
          .put(ApertiumConfig.URL, apertiumUrl.strip()).put(ApertiumConfig.TIMEOUT_MS, timeoutMs));
    }
    if (!libreUrl.isBlank()) {
      ApertiumConfig.stripSlash(libreUrl.strip());
      JsonObject libre = new JsonObject().put(TranslationEngines.KIND, LibreTranslateEngine.KIND)
          .put(LibreTranslateConfig.URL, libreUrl.strip()).put(LibreTranslateConfig.TIMEOUT_MS, timeoutMs);
      if (!libreKey.isBlank()) {
        libre.put(LibreTranslateConfig.API_KEY, libreKey.strip());
      }
      engines.put(LibreTranslateEngine.KIND, libre);
    }
    return engines;
  }

  public TranslationWorkerVerticle.Limits workerLimits() {
    return new TranslationWorkerVerticle.Limits(workerInFlight, workerQueued);
  }
}
