package io.captiond.loadtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translation lag per language over a step's streams: for each translated final, its arrival at the viewer
 * minus the arrival (at the stream's first caption viewer) of the last source final it translates. Also how
 * many source finals were translated, of those made.
 */
record TranslationFigures(Map<String, Language> languages) {

  static final TranslationFigures NONE = new TranslationFigures(Map.of());

  record Language(List<Long> lagsMs, long p50, long p95, long max, long translatedFinals, long sourceFinals) {}

  boolean measured() {
    return !languages.isEmpty();
  }

  /** Pools the streams' lags per language. */
  static TranslationFigures of(List<LiveStream> streams, List<String> languages) {
    Map<String, Language> out = new LinkedHashMap<>();
    for (String language : languages) {
      List<Long> lags = new ArrayList<>();
      long translated = 0;
      long source = 0;
      for (LiveStream stream : streams) {
        lags.addAll(stream.translationLagsMs(language));
        translated += stream.translatedSourceFinals(language);
        source += stream.sourceFinals();
      }
      out.put(language, new Language(List.copyOf(lags), Metrics.percentile(lags, 50), Metrics.percentile(lags, 95),
          Metrics.percentile(lags, 100), translated, source));
    }
    return new TranslationFigures(out);
  }
}
