package io.captiond.media;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A bounded byte pipe from a producer that must never block (a Netty event loop) to one blocking
 * reader (an FFmpeg demuxer on a thread of its own). {@link #offer} refuses a block that would pass
 * the capacity instead of waiting; the caller drops it and says so. {@link #close()} lets the
 * reader drain what is buffered and then see end of stream; {@link #abort()} ends it at once.
 * {@link #mark} lets the reader's side act at a point of the stream (a publisher left there).
 *
 * <p>The reader either blocks in {@link #inputStream()} (an FFmpeg demuxer on a thread of its own) or,
 * told by {@link #onReadable} that there is something to read, takes what is there with {@link #poll}
 * (a task on a shared pool that must not block).
 */
public final class BytePipe {

  /** A point in the bytes offered, and what runs on the reader's thread once it is reached. */
  private record Mark(long position, Runnable reached) {}

  private final int capacity;
  private final ArrayDeque<byte[]> blocks = new ArrayDeque<>();
  private final ArrayDeque<Mark> marks = new ArrayDeque<>();
  private long offered;
  private long taken;
  private int buffered;
  private int headOffset;
  private boolean closed;
  private boolean aborted;
  private volatile Runnable readable = () -> {};

  public BytePipe(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** Appends the whole block, or nothing: false when it does not fit or the pipe is closed. */
  public boolean offer(byte[] block) {
    synchronized (this) {
      if (closed || buffered + block.length > capacity) {
        return false;
      }
      if (block.length == 0) {
        return true;
      }
      blocks.addLast(block);
      buffered += block.length;
      offered += block.length;
      notifyAll();
    }
    readable.run();
    return true;
  }

  /**
   * Runs {@code listener} (on the writer's thread: it must only schedule the read) after each block,
   * mark, close and abort: the reader then {@link #poll}s. Set it before the first block.
   */
  public void onReadable(Runnable listener) {
    readable = listener;
  }

  /**
   * Takes what is buffered now, without waiting: a byte count (0 when nothing is there yet), or -1 at
   * the end. A mark reached runs first, on the caller's thread, as for a blocking reader.
   */
  public int poll(byte[] into, int offset, int length) {
    while (true) {
      Object got;
      try {
        got = take(into, offset, length, false);
      } catch (IOException e) {
        throw new IllegalStateException(e); // never: a poll does not wait
      }
      if (got instanceof Mark mark) {
        mark.reached().run();
      } else {
        return (Integer) got;
      }
    }
  }

  public synchronized int buffered() {
    return buffered;
  }

  public int capacity() {
    return capacity;
  }

  /**
   * Marks the end of what was offered so far: {@code reached} runs on the reader's thread once the
   * reader has taken every byte before the mark and asks for more, before it gets any byte after it.
   * A reader that asks for more has used what it took (an FFmpeg demuxer refills its buffer only
   * when it is empty), so everything before the mark has gone through it. Marks of an aborted pipe
   * never run.
   */
  public void mark(Runnable reached) {
    synchronized (this) {
      if (aborted) {
        return;
      }
      marks.addLast(new Mark(offered, reached));
      notifyAll();
    }
    readable.run();
  }

  /** No more blocks: the reader gets what is buffered, then end of stream. */
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    readable.run();
  }

  /** End of stream now, buffered bytes discarded. */
  public void abort() {
    synchronized (this) {
      closed = true;
      aborted = true;
      blocks.clear();
      marks.clear();
      buffered = 0;
      notifyAll();
    }
    readable.run();
  }

  /** The reading end; its reads block until bytes arrive or the pipe ends. */
  public InputStream inputStream() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] into, int offset, int length) throws IOException {
        while (true) {
          Object taken = take(into, offset, length, true);
          if (taken instanceof Mark mark) {
            mark.reached().run(); // outside the lock: it may take its time, writers go on
          } else {
            return (Integer) taken;
          }
        }
      }

      @Override
      public int available() {
        return buffered();
      }

      @Override
      public void close() {
        abort();
      }
    };
  }

  /** A byte count, -1 at the end, or the {@link Mark} reached (taken off the queue). */
  private synchronized Object take(byte[] into, int offset, int length, boolean block) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (!block && blocks.isEmpty() && !closed && !markReached()) {
      return 0;
    }
    while (blocks.isEmpty() && !closed && !markReached()) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while reading the pipe");
      }
    }
    if (markReached() && !aborted) {
      return marks.removeFirst();
    }
    if (blocks.isEmpty() || aborted) {
      return -1;
    }
    // A read ends at the next mark, so that the reader asks again there.
    int wanted = marks.isEmpty() ? length : (int) Math.min(length, marks.peekFirst().position() - taken);
    int copied = 0;
    while (copied < wanted && !blocks.isEmpty()) {
      byte[] head = blocks.peekFirst();
      int take = Math.min(wanted - copied, head.length - headOffset);
      System.arraycopy(head, headOffset, into, offset + copied, take);
      copied += take;
      headOffset += take;
      if (headOffset == head.length) {
        blocks.removeFirst();
        headOffset = 0;
      }
    }
    buffered -= copied;
    taken += copied;
    return copied;
  }

  private boolean markReached() {
    return !marks.isEmpty() && marks.peekFirst().position() <= taken;
  }
}
