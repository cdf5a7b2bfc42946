package io.captiond.ingest.rtmp;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A deadline on a connection's event loop (the handshake's, the publish's): started once, cancelled when met. */
final class Deadline {

  private ScheduledFuture<?> timer;

  /** Runs {@code onExpiry} after {@code millis} unless cancelled first; a second start does nothing. */
  void start(ScheduledExecutorService executor, long millis, Runnable onExpiry) {
    if (timer == null) {
      timer = executor.schedule(onExpiry, millis, TimeUnit.MILLISECONDS);
    }
  }

  void cancel() {
    if (timer != null) {
      timer.cancel(false);
    }
  }
}
