package io.captiond.app;

import io.captiond.translate.TranslationSettings;
import io.captiond.translate.TranslationUnits;

/** Reads {@code translate.*} into {@link TranslationSettings}, whose keys live beside it. */
final class TranslateSettings {

  private TranslateSettings() {}

  static TranslationSettings from(Config config) {
    long timeoutMs = config.integer(TranslationSettings.ENGINE_TIMEOUT_MS, 100, 600_000);
    int inFlight = config.integer(TranslationSettings.CONCURRENCY, 1, 1_024);
    int queued = config.integer(TranslationSettings.MAX_QUEUED, 0, 100_000);
    int deadlineMs = config.integer(TranslationSettings.DEADLINE_MS, 100, 600_000);
    int retries = config.integer(TranslationSettings.RETRIES, 0, 10);
    int backlog = config.integer(TranslationSettings.MAX_BACKLOG_UNITS, 1, 100_000);
    int batch = config.integer(TranslationSettings.MAX_BATCH_UNITS, 1, 256);
    int languages = config.integer(TranslationSettings.MAX_LANGUAGES, 0, 64);
    TranslationUnits.Limits units = ConfigException.keyed(() -> new TranslationUnits.Limits(
        config.integer(TranslationSettings.UNIT_MAX_WORDS, 1, 200), config.integer(TranslationSettings.UNIT_MAX_MS,
        500, 60_000), config.integer(TranslationSettings.UNIT_PAUSE_MS, 50, 10_000)));
    try {
      return new TranslationSettings(TranslationSettings.engines(config.string(TranslationSettings.APERTIUM_URL),
          config.string(TranslationSettings.LIBRETRANSLATE_URL),
          config.string(TranslationSettings.LIBRETRANSLATE_API_KEY), timeoutMs),
          inFlight, queued, deadlineMs, retries, backlog, batch, languages, units,
          config.integer(TranslationSettings.AUDIO_KEPT_MS, 1_000, 3_600_000),
          config.bool(TranslationSettings.TENTATIVE));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(TranslationSettings.APERTIUM_URL, e.getMessage());
    }
  }
}
