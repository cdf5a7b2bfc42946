package io.captiond.media;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The few threads every published stream's audio decoding shares, and as many again for the HLS output
 * (each stream serial on its own {@link SerialLane}): as many as the cores, at least two each; idle ones
 * end after a minute.
 */
public final class MediaPool {

  private static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
  private static final ExecutorService SHARED = create("rtmp-audio-pool-");
  /** HLS output writes files: on threads of their own, so a slow disk never delays audio decoding. */
  private static final ExecutorService FILES = create("rtmp-hls-pool-");

  /** How long work handed to {@link #atNextTick} may wait; the ticks fall on its multiples of System.nanoTime. */
  public static final long TICK_MS = 50;
  private static final ConcurrentLinkedQueue<Runnable> TICKED =
      new ConcurrentLinkedQueue<>();

  static {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
        task -> {
          Thread thread = new Thread(task, "rtmp-media-tick");
          thread.setDaemon(true);
          return thread;
        });
    long period = TimeUnit.MILLISECONDS.toNanos(TICK_MS);
    timer.scheduleAtFixedRate(MediaPool::tick, toNextMultiple(System.nanoTime(), period), period,
        TimeUnit.NANOSECONDS);
  }

  private MediaPool() {}

  /**
   * Nanoseconds from {@code nowNanos} to the next multiple of {@code periodNanos} of {@link System#nanoTime}
   * (a whole period when it is one). The ticks fall on those multiples, so that a producer that hands work on
   * in ticks of its own (the RTMP reads, {@code ReadTicks}) can hand it on just before a tick, not at a random
   * point of it.
   */
  public static long toNextMultiple(long nowNanos, long periodNanos) {
    return periodNanos - Math.floorMod(nowNanos, periodNanos);
  }

  /**
   * Runs {@code task} (it must only hand work to a lane) at the next tick, every {@link #TICK_MS}: work
   * that may wait that long then wakes the pool once a tick for every stream, not once a packet per stream.
   */
  public static void atNextTick(Runnable task) {
    TICKED.add(task);
  }

  private static void tick() {
    Runnable task;
    while ((task = TICKED.poll()) != null) {
      try {
        task.run();
      } catch (RuntimeException e) {
        Logger.getLogger(MediaPool.class.getName()).warning(() -> "a tick's task failed: " + e);
      }
    }
  }

  /** A new lane on the shared decode threads. */
  public static SerialLane lane(String name) {
    return new SerialLane(SHARED, name);
  }

  /** A new lane on the shared HLS output threads (their tasks write segment files). */
  public static SerialLane fileLane(String name) {
    return new SerialLane(FILES, name);
  }

  private static ExecutorService create(String prefix) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, prefix + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
