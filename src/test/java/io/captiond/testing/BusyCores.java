package io.captiond.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A competing CPU-bound load for the length of a test: busy shell loops, one per core asked for, at the
 * ordinary priority ({@code nice -n 0}), killed on close.
 */
public final class BusyCores implements AutoCloseable {

  private final List<Process> loops = new ArrayList<>();

  private BusyCores() {}

  /** Starts {@code cores} busy loops. */
  public static BusyCores start(int cores) throws IOException {
    BusyCores busy = new BusyCores();
    try {
      for (int i = 0; i < cores; i++) {
        busy.loops.add(new ProcessBuilder("nice", "-n", "0", "sh", "-c", "while :; do :; done").start());
      }
    } catch (IOException e) {
      busy.close();
      throw e;
    }
    return busy;
  }

  @Override
  public void close() {
    for (Process loop : loops) {
      loop.destroyForcibly();
    }
    for (Process loop : loops) {
      try {
        loop.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
