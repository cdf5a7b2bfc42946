package io.captiond.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/** The meters sessions record into: stage timers, caption lag, queue depths, skipped windows. */
final class SessionMetrics {

  final Timer vad;
  final Timer asr;
  final DistributionSummary finalLag;
  final DistributionSummary tentativeLag;
  final Counter confirmedWords;
  final Counter finals;
  final Counter partials;
  final Counter skippedWindows;
  private final MeterRegistry registry;

  SessionMetrics(MeterRegistry registry) {
    this.registry = registry;
    vad = Timer.builder("captiond.vad").description("VAD time per PCM chunk").publishPercentileHistogram()
        .register(registry);
    asr = Timer.builder("captiond.asr.request").description("ASR round trip per window, as the session sees it")
        .publishPercentileHistogram().maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
    finalLag = DistributionSummary.builder("captiond.caption.lag").baseUnit("milliseconds")
        .description("Time from a final caption's last audio arriving to its announcement").tag("type", "final")
        .publishPercentileHistogram().maximumExpectedValue(60_000.0).register(registry);
    tentativeLag = DistributionSummary.builder("captiond.caption.lag").baseUnit("milliseconds")
        .description("Time from a caption's last audio arriving to its announcement").tag("type", "partial")
        .publishPercentileHistogram().maximumExpectedValue(60_000.0).register(registry);
    confirmedWords = Counter.builder("captiond.words.confirmed")
        .description("Words confirmed; partials per confirmed word measure flicker").register(registry);
    finals = Counter.builder("captiond.captions").tag("type", "final").register(registry);
    partials = Counter.builder("captiond.captions").tag("type", "partial").register(registry);
    skippedWindows = Counter.builder("captiond.asr.skipped").description("Windows skipped after failures or overload")
        .register(registry);
  }

  Gauge queueDepth(String streamId, Supplier<Number> depth) {
    return Gauge.builder("captiond.asr.queue.depth", depth).tag("stream", streamId)
        .description("Decode jobs waiting or in flight for a stream").register(registry);
  }

  void remove(Gauge gauge) {
    registry.remove(gauge);
  }
}
