package io.captiond.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine was during a step, from {@code /proc/stat} (all CPUs' busy time) and
 * {@code /proc/loadavg}, and how much of it the harness itself used: on a shared machine the
 * server's figures only mean something next to these.
 */
final class MachineLoad {

  /**
   * @param busyPercent all processes' CPU, percent of one core (at most 100 x CPUs)
   * @param harnessCpuPercent this JVM's CPU (viewers, polling, sampling), percent of one core
   */
  record Figures(double busyPercent, double harnessCpuPercent, double loadMean, double loadMax) {}

  private static final long TICKS_PER_SECOND = 100;

  private final long[] startStat = stat();
  private final long startNanos = System.nanoTime();
  private final ProcStats.Reading startSelf = ProcStats.read(ProcessHandle.current().pid());
  private double loadSum;
  private double loadMax;
  private int loadSamples;

  synchronized void sample() {
    double load = StepRunner.loadAverage();
    if (load >= 0) {
      loadSum += load;
      loadMax = Math.max(loadMax, load);
      loadSamples++;
    }
  }

  synchronized Figures finish() {
    long[] endStat = stat();
    double wallMs = (System.nanoTime() - startNanos) / 1e6;
    ProcStats.Reading endSelf = ProcStats.read(ProcessHandle.current().pid());
    double busy = startStat == null || endStat == null || wallMs <= 0 ? -1
        : (endStat[0] - startStat[0]) * 1000.0 / TICKS_PER_SECOND * 100.0 / wallMs;
    double harness = startSelf == null || endSelf == null || wallMs <= 0 ? -1
        : (endSelf.cpuMs() - startSelf.cpuMs()) * 100.0 / wallMs;
    return new Figures(busy, harness, loadSamples == 0 ? -1 : loadSum / loadSamples, loadSamples == 0 ? -1 : loadMax);
  }

  /** {busy ticks} of the first line of /proc/stat: user + nice + system + irq + softirq + steal. */
  private static long[] stat() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
        busy += Long.parseLong(f[i]);
      }
      return new long[] {busy};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
