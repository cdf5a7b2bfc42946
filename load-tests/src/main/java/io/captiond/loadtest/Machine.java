package io.captiond.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine a run ran on, for the report: CPU, memory, Java, ffmpeg, load. */
record Machine(int cpus, String cpuModel, long memoryMb, String java, String os, String ffmpeg, double loadAtStart) {

  static Machine describe() {
    return new Machine(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemoryMb(),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
        ffmpegVersion(), StepRunner.loadAverage());
  }

  private static String readCpuModel() {
    return field(Path.of("/proc/cpuinfo"), "model name", "unknown");
  }

  private static long readMemoryMb() {
    String kb = field(Path.of("/proc/meminfo"), "MemTotal", "-1").replaceAll("[^0-9-]", "");
    return Long.parseLong(kb) / 1024;
  }

  private static String field(Path file, String name, String fallback) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines) {
        if (line.startsWith(name)) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      return fallback;
    }
    return fallback;
  }

  private static String ffmpegVersion() {
    try {
      String out = Tools.run(List.of("ffmpeg", "-hide_banner", "-version"), 10);
      return out.lines().findFirst().orElse("unknown");
    } catch (IOException | InterruptedException | HarnessException e) {
      return "not found";
    }
  }
}
