package io.captiond.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server's own threads for blocking reads done for anonymous requests (subtitle files, caption replays,
 * playlists), unordered, and bounded: beyond {@code http.max_blocking_jobs} running and waiting a job is refused
 * ({@link Busy}, answered 503) rather than queued, so viewers cannot delay stream creation, scrapes or one another
 * without end.
 */
final class BlockingPool implements AutoCloseable {

  /** The pool is full; try again shortly. */
  static final class Busy extends RuntimeException {
    Busy(int jobs) {
      super("server busy: " + jobs + " file reads in progress (http.max_blocking_jobs); try again shortly", null,
          false, false);
    }
  }

  private final WorkerExecutor executor;
  private final int maxJobs;
  private final AtomicInteger jobs = new AtomicInteger();

  BlockingPool(Vertx vertx, HttpLimits limits) {
    this.executor = vertx.createSharedWorkerExecutor("captiond-http-files", limits.blockingThreads());
    this.maxJobs = limits.maxBlockingJobs();
  }

  <T> Future<T> submit(Callable<T> job) {
    int now = jobs.incrementAndGet();
    if (now > maxJobs) {
      jobs.decrementAndGet();
      return Future.failedFuture(new Busy(maxJobs));
    }
    return executor.executeBlocking(job, false).andThen(done -> jobs.decrementAndGet());
  }

  @Override
  public void close() {
    executor.close();
  }
}
