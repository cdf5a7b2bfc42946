package io.captiond.media;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lane's read of a pipe, woken at the media pool's next tick ({@link MediaPool#atNextTick}) however often it is
 * asked before then: what arrives until the tick is read with it. So the shared threads wake once a tick for every
 * stream, not once a packet per stream (media packets come every 20-40 ms; a tick adds at most 50 ms).
 */
public final class TickedRead {

  private final AtomicBoolean due = new AtomicBoolean();
  private final SerialLane lane;
  private final Runnable read;

  public TickedRead(SerialLane lane, Runnable read) {
    this.lane = lane;
    this.read = read;
  }

  /** Any thread: the pipe has something new; read it at the next tick. */
  public void soon() {
    if (due.compareAndSet(false, true)) {
      MediaPool.atNextTick(() -> lane.execute(read));
    }
  }

  /** On the lane, as a read starts: what arrives from now on asks for the next one. */
  public void started() {
    due.set(false);
  }
}
