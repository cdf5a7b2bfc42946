package io.captiond.media;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads every published stream's audio decoding shares (each stream serial on its own
 * {@link SerialLane}): as many as the cores, at least two; idle ones end after a minute.
 */
public final class MediaPool {

  private static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
  private static final ExecutorService SHARED = create();

  private MediaPool() {}

  /** A new lane on the shared decode threads. */
  public static SerialLane lane(String name) {
    return new SerialLane(SHARED, name);
  }

  private static ExecutorService create() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, "rtmp-audio-pool-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
