package io.captiond.loadtest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/** The report's PNG charts, made from a run's steps. Returns the file names it wrote. */
final class Plots {

  private static final long BIN_MS = 5_000;

  private Plots() {}

  static List<String> write(Harness.Run run, Path dir) throws IOException {
    List<String> written = new ArrayList<>();
    List<StepResult> steps = run.steps();
    boolean lags = run.options().mode() == Options.Mode.ASR;
    if (lags) {
      Charts overTime = new Charts("Confirmed-caption lag over time (mean per 5 s of stream)", "stream time (s)",
          "lag (ms)").horizontal("bound", run.options().maxP95Ms());
      for (StepResult step : steps) {
        overTime.add(new Charts.Series("N=" + step.streams(), timeline(step)));
      }
      written.add(save(overTime, dir, "lag-over-time.png"));
      Charts percentiles = new Charts("Caption lag percentiles vs streams", "streams (N)", "lag (ms)").integerX()
          .add(series("confirmed p50", steps, StepResult::confirmedP50))
          .add(series("confirmed p95", steps, StepResult::confirmedP95))
          .add(series("confirmed p99", steps, StepResult::confirmedP99))
          .add(series("tentative p50", steps, StepResult::tentativeP50))
          .horizontal("p95 bound", run.options().maxP95Ms());
      written.add(save(percentiles, dir, "lag-vs-n.png"));
    }
    Charts cpu = new Charts("CPU vs streams (100% = one core)", "streams (N)", "CPU (% of one core)").integerX()
        .add(series("server total", steps, s -> s.usage().serverCpuPercent()))
        .add(series("server per stream", steps, StepResult::serverCpuPerStream))
        .add(series("publishers total", steps, s -> s.usage().publisherCpuPercent()));
    written.add(save(cpu, dir, "cpu-vs-n.png"));
    Charts memory = new Charts("Server resident memory vs streams", "streams (N)", "RSS (MB)").integerX()
        .add(series("peak RSS", steps, s -> s.usage().peakRssKb() / 1024.0));
    written.add(save(memory, dir, "memory-vs-n.png"));
    return written;
  }

  private static String save(Charts chart, Path dir, String name) throws IOException {
    chart.write(dir.resolve(name));
    return name;
  }

  private static Charts.Series series(String name, List<StepResult> steps, ToDoubleFunction<StepResult> value) {
    List<double[]> points = new ArrayList<>();
    for (StepResult step : steps) {
      double y = value.applyAsDouble(step);
      if (y >= 0) {
        points.add(new double[] {step.streams(), y});
      }
    }
    return new Charts.Series(name, points);
  }

  /** Mean confirmed lag of all the step's streams (first viewer) per bin of stream time. */
  private static List<double[]> timeline(StepResult step) {
    TreeMap<Long, double[]> bins = new TreeMap<>();
    for (StreamFigures stream : step.perStream()) {
      for (long[] point : stream.lagTimeline()) {
        double[] bin = bins.computeIfAbsent(point[0] / BIN_MS, b -> new double[2]);
        bin[0] += point[1];
        bin[1]++;
      }
    }
    List<double[]> points = new ArrayList<>();
    bins.forEach((bin, sum) -> points.add(new double[] {(bin * BIN_MS + BIN_MS / 2) / 1000.0, sum[0] / sum[1]}));
    return points;
  }
}
