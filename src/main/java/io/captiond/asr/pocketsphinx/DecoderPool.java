package io.captiond.asr.pocketsphinx;

import io.captiond.asr.AsrException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;

/**
 * At most {@code size} decoders, all created at start ({@link #prime}) and reused; one discarded is made
 * again on the next need. A caller waits while all are lent out. Closing frees the idle decoders at once and
 * each lent one when it comes back.
 */
final class DecoderPool implements AutoCloseable {

  interface Factory {
    Decoder create() throws AsrException;
  }

  private final Factory factory;
  private final int size;
  private final Semaphore lendable;
  private final Deque<Decoder> idle = new ArrayDeque<>();
  private int alive;
  private boolean closed;

  DecoderPool(int size, Factory factory) {
    this.factory = factory;
    this.size = size;
    this.lendable = new Semaphore(size, true);
  }

  /**
   * Creates every decoder now: a model that cannot load fails at start, not on first use, and a worker that
   * takes over the streams of one that left (failover) does not load its decoders just as that traffic arrives.
   */
  void prime() throws AsrException {
    while (true) {
      synchronized (this) {
        if (closed || alive >= size) {
          return;
        }
      }
      Decoder decoder = factory.create();
      synchronized (this) {
        alive++;
        idle.push(decoder);
      }
    }
  }

  Decoder borrow() throws AsrException, InterruptedException {
    requireOpen();
    lendable.acquire();
    Decoder reusable;
    synchronized (this) {
      if (closed) {
        lendable.release();
        throw closedError();
      }
      reusable = idle.poll();
    }
    if (reusable != null) {
      return reusable;
    }
    try {
      Decoder fresh = factory.create();
      synchronized (this) {
        alive++;
      }
      return fresh;
    } catch (AsrException | RuntimeException e) {
      lendable.release();
      throw e;
    }
  }

  void giveBack(Decoder decoder) {
    synchronized (this) {
      if (!closed) {
        idle.push(decoder);
        lendable.release();
        return;
      }
      alive--;
    }
    decoder.close();
    lendable.release();
  }

  /** For a decoder that failed mid-utterance and may be left in a bad state. */
  void discard(Decoder decoder) {
    decoder.close();
    synchronized (this) {
      alive--;
    }
    lendable.release();
  }

  /** How many decoders are alive now, idle or lent. */
  synchronized int alive() {
    return alive;
  }

  synchronized void requireOpen() {
    if (closed) {
      throw closedError();
    }
  }

  @Override
  public void close() {
    Deque<Decoder> toFree;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toFree = new ArrayDeque<>(idle);
      idle.clear();
      alive -= toFree.size();
    }
    toFree.forEach(Decoder::close);
  }

  private static IllegalStateException closedError() {
    return new IllegalStateException("pocketsphinx engine is closed");
  }
}
