package io.captiond.loadtest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The load and latency harness: sweeps the number of live streams, each with a real publisher and
 * viewers, and writes a report of caption lag, WER, revisions, skipped windows, server CPU, memory
 * and queue depths, with the largest stream count whose confirmed-lag p95 stays under the bound.
 * {@code load-tests/run.sh --help} lists the options; see load-tests/README.md.
 */
public final class Harness {

  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  private Harness() {}

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(Options.USAGE);
      return;
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (Options.UsageException e) {
      System.err.println("loadtest: " + e.getMessage() + "\n" + Options.USAGE);
      System.exit(USAGE);
      return;
    }
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep((options.deadlineMinutes() + 2) * 60_000L);
        System.err.println("loadtest: FAILED: the run passed its bound of " + options.deadlineMinutes()
            + " min (--deadline-min) and is stopped");
        System.exit(FAILED);
      } catch (InterruptedException e) {
        // the run ended in time
      }
    }, "loadtest-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    int status = run(options);
    watchdog.interrupt();
    System.exit(status);
  }

  /** Runs the sweep and writes the report; returns the exit status (messages on stdout and stderr). */
  public static int run(Options options) {
    System.setProperty("java.awt.headless", "true");
    Deadline deadline = Deadline.in("run", options.deadlineMinutes() * 60_000L);
    Machine machine = Machine.describe();
    StepRunner runner = new StepRunner(options, new Speech(options.work().resolve("speech"), options.pauseMs()));
    List<StepResult> steps = new ArrayList<>();
    String failure = null;
    ApertiumService apertium = null;
    try {
      if (!options.translations().isEmpty() && options.launch() != Options.Launch.URL) {
        if (options.apertiumUrl() != null) {
          runner.useApertium(options.apertiumUrl());
        } else {
          apertium = ApertiumService.start(options.work());
          runner.useApertium(apertium.url());
          System.out.println("translations " + options.translations() + " with apertium-apy at " + apertium.url());
        }
      }
      if (!ProcStats.available()) {
        System.err.println("loadtest: no /proc here: CPU and memory figures are left out");
      }
      sweep(options, runner, steps, deadline);
    } catch (HarnessException | IOException e) {
      failure = e.getMessage();
    } catch (RuntimeException e) {
      failure = "unexpected " + e;
      e.printStackTrace();
    } finally {
      if (apertium != null) {
        apertium.close();
      }
    }
    steps.sort(Comparator.comparingInt(StepResult::streams));
    Run result = new Run(options, machine, runner.source(), steps, maxWithinBound(steps), failure);
    try {
      if (!steps.isEmpty() || failure == null) {
        new Report(result).write(options.out());
        System.out.println("report: " + options.out().resolve("report.md"));
      }
    } catch (IOException | RuntimeException e) {
      failure = (failure == null ? "" : failure + "; ") + "could not write the report: " + e;
    }
    if (failure != null) {
      System.err.println("loadtest: FAILED: " + failure);
      return FAILED;
    }
    System.out.println(options.mode() == Options.Mode.INGEST ? "ingest-only sweep done"
        : "largest N within the bound (confirmed lag p95 <= " + options.maxP95Ms() + " ms, no skipped windows, "
            + "95% of sentences captioned): "
            + result.maxWithinBound());
    return OK;
  }

  private static void sweep(Options options, StepRunner runner, List<StepResult> steps, Deadline deadline)
      throws IOException {
    for (int n : options.streams()) {
      steps.add(step(runner, n, deadline));
    }
    if (options.mode() == Options.Mode.INGEST) {
      return;
    }
    for (int extra = 0; extra < options.search(); extra++) {
      int lo = maxWithinBound(steps);
      int hi = steps.stream().filter(s -> !s.withinBound() && s.streams() > lo).mapToInt(StepResult::streams)
          .min().orElse(-1);
      if (hi < 0 || hi - lo <= 1) {
        return;
      }
      steps.add(step(runner, (lo + hi) / 2, deadline));
    }
  }

  private static StepResult step(StepRunner runner, int n, Deadline deadline) throws IOException {
    System.out.printf("step N=%d%n", n);
    StepResult step = runner.run(n, deadline);
    System.out.printf("  N=%d: confirmed lag p50/p95/p99 %d/%d/%d ms, tentative p50 %d ms, WER %.3f, "
            + "skipped %d, server CPU %.1f%% (%.2f%%/stream), RSS %d MB%s%n", n, step.confirmedP50(),
        step.confirmedP95(), step.confirmedP99(), step.tentativeP50(), step.werMean(), step.skippedWindows(),
        step.usage().serverCpuPercent(), step.serverCpuPerStream(), step.usage().peakRssKb() / 1024,
        step.withinBound() || runner.ingestOnly() ? "" : " (over the bound)");
    step.translations().languages().forEach((language, t) -> System.out.printf(
        "  N=%d: translation into %s: lag p50/p95 %d/%d ms (caption lag p50/p95 %d/%d ms), %d of %d source finals%n",
        n, language, t.p50(), t.p95(), step.confirmedP50(), step.confirmedP95(), t.translatedFinals(), t.sourceFinals()));
    CueFigures cues = step.cues();
    if (cues.measured()) {
      System.out.printf("  N=%d: cues early %d, late %d, lead p50 %.0f ms; video delay p50 %.0f ms; hold-back ends %s%n",
          n, cues.early(), cues.late(), cues.leadP50Ms(), cues.videoDelayP50Ms(), cues.holdbackReasons());
    }
    return step;
  }

  /** The largest N within the bound below which every tested N is within it too; 0 when N=1 is over. */
  static int maxWithinBound(List<StepResult> steps) {
    int best = 0;
    for (StepResult step : steps.stream().sorted(Comparator.comparingInt(StepResult::streams)).toList()) {
      if (!step.withinBound()) {
        break;
      }
      best = step.streams();
    }
    return best;
  }

  /** A finished (or failed) run: what the report is made of. */
  record Run(Options options, Machine machine, Options.Source source, List<StepResult> steps, int maxWithinBound,
      String failure) {}
}
