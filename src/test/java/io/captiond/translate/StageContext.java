package io.captiond.translate;

import io.vertx.core.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What the translation-stage tests do from the test thread: run on the stage's context, wait for a condition. */
final class StageContext {

  private StageContext() {}

  /** Runs {@code action} on {@code context} and waits (5 s at most) until it has run. */
  static void run(Context context, Runnable action) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      action.run();
      done.complete(null);
    });
    done.get(5, TimeUnit.SECONDS);
  }

  /** Polls {@code condition} every 20 ms for 10 s at most; fails naming {@code what}. */
  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
