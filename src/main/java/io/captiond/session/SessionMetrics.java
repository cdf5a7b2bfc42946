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
  final Counter slowerPace;
  final Counter quickerPace;
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
    slowerPace = Counter.builder("captiond.asr.pace.changes").tag("direction", "slower")
        .description("Times a stream's decodes fell behind its step and it decoded less often or less audio again")
        .register(registry);
    quickerPace = Counter.builder("captiond.asr.pace.changes").tag("direction", "quicker")
        .description("Times a stream's decodes were quick again and it returned a notch towards its configured pace")
        .register(registry);
  }

  /**
   * A stream's decode pace now: {@code what} is step (ms between decodes), window (the longest decoded again) or
   * skipped (audio left undecoded at the slowest pace, so far).
   */
  Gauge pace(String streamId, String what, Supplier<Number> ms) {
    return Gauge.builder("captiond.asr.pace." + what, ms).tag("stream", streamId).baseUnit("milliseconds")
        .description(switch (what) {
          case "step" -> "New audio between two decodes of a stream's open speech, as paced now";
          case "window" -> "The longest window of a stream's open speech decoded again, as paced now";
          default -> "Audio of a stream left undecoded because the engine could not keep up even at the slowest pace";
        })
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
