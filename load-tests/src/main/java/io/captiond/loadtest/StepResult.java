package io.captiond.loadtest;

import java.util.ArrayList;
import java.util.List;

/**
 * The figures of one step of the sweep (N streams at once), over all its streams and viewers.
 * A step is within the bound when its confirmed-lag p95 is at most the bound, no window was skipped
 * and at least 95% of the sentences were captioned by the end of the drain (a server that drops audio,
 * or has not transcribed it yet, to keep its lag low is not keeping up). {@code cues}: when the cues reached
 * HLS players, from the server's metrics.
 */
record StepResult(int streams, long confirmedP50, long confirmedP95, long confirmedP99, long confirmedMax,
    long tentativeP50, long tentativeP95, long tentativeP99, double werMean, int sentences, int sentencesCaptioned,
    long finals, long partials, double partialsPerFinalWord, long skippedWindows, int viewersDisagreeing,
    Sampler.Usage usage, double idleCpuPercent, double loadAverage, List<StreamFigures> perStream, CueFigures cues,
    boolean withinBound, TranslationFigures translations) {

  static StepResult of(int streams, List<StreamFigures> perStream, Sampler.Usage usage, double idleCpuPercent,
      double loadAverage, CueFigures cues, long boundMs, boolean ingestOnly) {
    return of(streams, perStream, usage, idleCpuPercent, loadAverage, cues, boundMs, ingestOnly, TranslationFigures.NONE);
  }

  /** @param translations translation lag per language ({@code --translations}) */
  static StepResult of(int streams, List<StreamFigures> perStream, Sampler.Usage usage, double idleCpuPercent,
      double loadAverage, CueFigures cues, long boundMs, boolean ingestOnly, TranslationFigures translations) {
    List<Long> confirmed = new ArrayList<>();
    List<Long> tentative = new ArrayList<>();
    List<Double> wers = new ArrayList<>();
    int sentences = 0;
    int captioned = 0;
    long finals = 0;
    long partials = 0;
    long skipped = 0;
    int disagreeing = 0;
    double revisions = 0;
    for (StreamFigures s : perStream) {
      confirmed.addAll(s.confirmedLagsMs());
      tentative.addAll(s.tentativeLagsMs());
      wers.add(s.wer());
      sentences += s.sentences();
      captioned += s.sentencesCaptioned();
      finals += s.finals();
      partials += s.partials();
      skipped += s.skippedWindows();
      disagreeing += s.viewersDisagreeing();
      revisions += s.partialsPerFinalWord();
    }
    long p95 = Metrics.percentile(confirmed, 95);
    boolean within = !ingestOnly && p95 >= 0 && p95 <= boundMs && skipped == 0 && captioned >= 0.95 * sentences;
    return new StepResult(streams, Metrics.percentile(confirmed, 50), p95, Metrics.percentile(confirmed, 99),
        Metrics.percentile(confirmed, 100), Metrics.percentile(tentative, 50), Metrics.percentile(tentative, 95),
        Metrics.percentile(tentative, 99), ingestOnly ? -1 : Metrics.mean(wers), sentences, captioned, finals,
        partials, perStream.isEmpty() ? 0 : revisions / perStream.size(), skipped, disagreeing, usage, idleCpuPercent,
        loadAverage,
        List.copyOf(perStream), cues, within, translations);
  }

  /** Server CPU per stream, percent of one core. */
  double serverCpuPerStream() {
    double total = usage.serverCpuPercent();
    return total < 0 ? -1 : total / streams;
  }

  /** Server CPU per stream above the idle server's own (measured before the streams), percent of one core. */
  double serverCpuAboveIdlePerStream() {
    double total = usage.serverCpuPercent();
    return total < 0 || idleCpuPercent < 0 ? -1 : Math.max(0, total - idleCpuPercent) / streams;
  }
}
