package io.captiond.media;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

/**
 * One stream's tasks run one at a time, in order, on a pool shared by every stream: what a thread
 * per stream gave (serial decoding, no locks in the decoder) without the thread. A task must not
 * block: a stream that has to wait (pacing, an acknowledgement) schedules its next task instead.
 */
public final class SerialLane implements Executor {

  private static final Logger LOG = Logger.getLogger(SerialLane.class.getName());

  private final Executor pool;
  private final String name;
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private boolean running;

  public SerialLane(Executor pool, String name) {
    this.pool = pool;
    this.name = name;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (tasks) {
      tasks.addLast(task);
      if (running) {
        return;
      }
      running = true;
    }
    pool.execute(this::drain);
  }

  private void drain() {
    // a bounded turn, so that one busy stream cannot hold a pool thread from the others
    for (int turn = 0; turn < 64; turn++) {
      Runnable task;
      synchronized (tasks) {
        task = tasks.pollFirst();
        if (task == null) {
          running = false;
          return;
        }
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warning(() -> name + ": a task failed: " + e);
      }
    }
    pool.execute(this::drain);
  }
}
