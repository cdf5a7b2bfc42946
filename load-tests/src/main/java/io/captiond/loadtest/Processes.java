package io.captiond.loadtest;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Every process the harness starts (server, publishers) is registered here, so that none outlives
 * the run: each is stopped in a finally block, and a shutdown hook stops any left when the JVM ends.
 */
final class Processes {

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Processes::kill), "loadtest-reaper"));
  }

  private Processes() {}

  static Process track(Process process) {
    LIVE.add(process);
    return process;
  }

  /** Asks the process to end (SIGTERM), then kills it and its children after {@code graceMs}. */
  static void stop(Process process, long graceMs) {
    if (process == null) {
      return;
    }
    try {
      process.destroy();
      if (!process.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
        kill(process);
      }
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
    } finally {
      LIVE.remove(process);
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
