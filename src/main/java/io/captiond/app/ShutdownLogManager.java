package io.captiond.app;

import java.util.logging.LogManager;

/**
 * The JDK's log manager closes every handler in a shutdown hook of its own, which runs alongside
 * captiond's: what the drain logs (streams flushed, how long it took) would be lost. This one keeps its
 * handlers until the drain is over ({@link #resetAfterShutdown}). Named by {@code java.util.logging.manager}
 * in {@link Main} before the first logger is made.
 */
public final class ShutdownLogManager extends LogManager {

  private volatile boolean shuttingDown;

  @Override
  public void reset() {
    if (!shuttingDown && isJvmShuttingDown()) {
      return; // the JDK's cleaner: captiond's hook resets once it is done
    }
    super.reset();
  }

  /** Called by captiond's shutdown hook last: the handlers flush and close now. */
  void resetAfterShutdown() {
    shuttingDown = true;
    super.reset();
  }

  private static boolean isJvmShuttingDown() {
    try {
      Thread probe = new Thread(() -> {});
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }
}
