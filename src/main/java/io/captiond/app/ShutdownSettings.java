package io.captiond.app;

import io.captiond.settings.Check;

/** {@code node.drain_ms}: how long a stopping node (SIGTERM) may take to drain its streams. */
final class ShutdownSettings {

  static final String DRAIN_MS = "node.drain_ms";

  private ShutdownSettings() {}

  /** 0 to 10 minutes; checked here, a bad value names the key. */
  static long drainMs(Config config) {
    return ConfigException.keyed(() -> {
      int ms = config.integer(DRAIN_MS);
      Check.range(DRAIN_MS, "drain bound", ms, 0, 600_000);
      return (long) ms;
    });
  }
}
