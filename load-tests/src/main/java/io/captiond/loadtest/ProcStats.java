package io.captiond.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, read from Linux's {@code /proc}: {@code utime + stime}
 * (fields 14 and 15 of {@code /proc/<pid>/stat}, in clock ticks) and {@code VmRSS} of
 * {@code /proc/<pid>/status}.
 */
final class ProcStats {

  /** One reading; {@code cpuMs} is user plus system time since the process started. */
  record Reading(long cpuMs, long rssKb) {}

  /** Clock ticks per second; 100 on every Linux the harness targets ({@code getconf CLK_TCK}). */
  private static final long TICKS_PER_SECOND = 100;

  private ProcStats() {}

  /** The process's reading, or null once it has gone. */
  static Reading read(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name (field 2) is in parentheses and may hold spaces: count fields after its ')'
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      long rss = -1;
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return new Reading(ticks * 1000 / TICKS_PER_SECOND, rss);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static boolean available() {
    return Files.isReadable(Path.of("/proc/self/stat"));
  }
}
