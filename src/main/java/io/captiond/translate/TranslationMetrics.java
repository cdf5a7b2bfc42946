package io.captiond.translate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The stream side's translation meters, by target language: lag (a unit's last source final confirmed →
 * its translation stored and published), units translated, units skipped (gaps), failed requests by
 * code, and each stream's backlog per language.
 */
public final class TranslationMetrics {

  private final MeterRegistry registry;

  public TranslationMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void lag(String language, long nanos) {
    Timer.builder("captiond.translation.lag").tag("lang", language)
        .description("Source final confirmed to its translation published").publishPercentileHistogram()
        .maximumExpectedValue(Duration.ofMinutes(2)).register(registry).record(Duration.ofNanos(nanos));
  }

  void units(String language, int count) {
    Counter.builder("captiond.translation.units").tag("lang", language)
        .description("Units translated and published").register(registry).increment(count);
  }

  void gap(String language) {
    Counter.builder("captiond.translation.gaps").tag("lang", language)
        .description("Units skipped: failed past their retries, or over the backlog bound").register(registry)
        .increment();
  }

  void failure(String language, int code) {
    Counter.builder("captiond.translation.failures").tag("lang", language).tag("code", Integer.toString(code))
        .description("Translation requests of streams that failed").register(registry).increment();
  }

  Gauge backlog(String streamId, String language, Supplier<Number> depth) {
    return Gauge.builder("captiond.translation.queue", depth).tag("stream", streamId).tag("lang", language)
        .description("Units of a stream waiting for their translation").register(registry);
  }

  void remove(Gauge gauge) {
    if (gauge != null) {
      registry.remove(gauge);
    }
  }
}
