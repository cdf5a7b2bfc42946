package io.captiond.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The HTTP server's blocking pool holds a bounded number of jobs and refuses the rest instead of queueing them. */
class BlockingPoolTest {

  @Test
  void jobsBeyondTheCapAreRefusedAsBusyUntilOneFinishes() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (BlockingPool pool = new BlockingPool(vertx, new HttpLimits(10, 60, 8192, 4096, 1, 2))) {
      CountDownLatch release = new CountDownLatch(1);
      Future<String> running = pool.submit(() -> {
        release.await(10, TimeUnit.SECONDS);
        return "first";
      });
      Future<String> waiting = pool.submit(() -> "second");
      Future<String> refused = pool.submit(() -> "third");
      assertTrue(refused.failed());
      assertInstanceOf(BlockingPool.Busy.class, refused.cause());
      assertTrue(refused.cause().getMessage().contains("http.max_blocking_jobs"), refused.cause().getMessage());
      release.countDown();
      assertEquals("first", running.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertEquals("second", waiting.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertEquals("again", pool.submit(() -> "again").toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS));
    } finally {
      vertx.close().await();
    }
  }
}
