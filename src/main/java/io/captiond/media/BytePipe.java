package io.captiond.media;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A bounded byte pipe from a producer that must never block (a Netty event loop) to one blocking
 * reader (an FFmpeg demuxer on a thread of its own). {@link #offer} refuses a block that would pass
 * the capacity instead of waiting; the caller drops it and says so. {@link #close()} lets the
 * reader drain what is buffered and then see end of stream; {@link #abort()} ends it at once.
 */
public final class BytePipe {

  private final int capacity;
  private final ArrayDeque<byte[]> blocks = new ArrayDeque<>();
  private int buffered;
  private int headOffset;
  private boolean closed;
  private boolean aborted;

  public BytePipe(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.capacity = capacity;
  }

  /** Appends the whole block, or nothing: false when it does not fit or the pipe is closed. */
  public synchronized boolean offer(byte[] block) {
    if (closed || buffered + block.length > capacity) {
      return false;
    }
    if (block.length > 0) {
      blocks.addLast(block);
      buffered += block.length;
      notifyAll();
    }
    return true;
  }

  public synchronized int buffered() {
    return buffered;
  }

  public int capacity() {
    return capacity;
  }

  /** No more blocks: the reader gets what is buffered, then end of stream. */
  public synchronized void close() {
    closed = true;
    notifyAll();
  }

  /** End of stream now, buffered bytes discarded. */
  public synchronized void abort() {
    closed = true;
    aborted = true;
    blocks.clear();
    buffered = 0;
    notifyAll();
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
        return take(into, offset, length);
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

  private synchronized int take(byte[] into, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (blocks.isEmpty() && !closed) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while reading the pipe");
      }
    }
    if (blocks.isEmpty() || aborted) {
      return -1;
    }
    int copied = 0;
    while (copied < length && !blocks.isEmpty()) {
      byte[] head = blocks.peekFirst();
      int take = Math.min(length - copied, head.length - headOffset);
      System.arraycopy(head, headOffset, into, offset + copied, take);
      copied += take;
      headOffset += take;
      if (headOffset == head.length) {
        blocks.removeFirst();
        headOffset = 0;
      }
    }
    buffered -= copied;
    return copied;
  }
}
