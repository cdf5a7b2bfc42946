package io.captiond.loadtest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds a number of silent connections open to one port: each sends nothing and reads whatever
 * comes; one the server closes is opened again at once. The connections come from many loopback
 * addresses (127.0.x.y), as from many hosts, so that the per-address limit alone does not refuse them.
 * One thread and one selector for all.
 */
final class IdleHold implements AutoCloseable {

  private final InetSocketAddress target;
  private final int count;
  private final Selector selector;
  private final Thread thread;
  private final AtomicLong opened = new AtomicLong();
  private final AtomicLong closedByServer = new AtomicLong();
  private volatile int open;
  private volatile int maxOpen;
  private volatile boolean stopped;
  private int nextAddress;

  IdleHold(String name, InetSocketAddress target, int count) throws IOException {
    this.target = target;
    this.count = count;
    this.selector = Selector.open();
    this.thread = new Thread(this::loop, "idle-" + name);
    thread.setDaemon(true);
  }

  IdleHold start() {
    thread.start();
    return this;
  }

  private void loop() {
    ByteBuffer sink = ByteBuffer.allocate(65536);
    while (!stopped) {
      try {
        while (open < count && !stopped) {
          openOne();
        }
        selector.select(200);
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel channel = (SocketChannel) key.channel();
          try {
            if (key.isConnectable()) {
              channel.finishConnect();
              key.interestOps(SelectionKey.OP_READ);
            } else if (key.isReadable()) {
              sink.clear();
              if (channel.read(sink) < 0) {
                drop(key, true);
              }
            }
          } catch (IOException e) {
            drop(key, true);
          }
        }
        selector.selectedKeys().clear();
      } catch (IOException e) {
        sleep();
      }
    }
  }

  private void openOne() throws IOException {
    SocketChannel channel = SocketChannel.open();
    try {
      channel.configureBlocking(false);
      int n = nextAddress++ % 16_000;
      channel.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 1, (byte) (n / 250), (byte) (2 + n % 250)}), 0));
      boolean connected = channel.connect(target);
      channel.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT);
      open++;
      maxOpen = Math.max(maxOpen, open);
      opened.incrementAndGet();
    } catch (IOException e) {
      channel.close();
      sleep();
    }
  }

  private void drop(SelectionKey key, boolean byServer) {
    key.cancel();
    try {
      key.channel().close();
    } catch (IOException ignored) {
      // closing
    }
    open--;
    if (byServer) {
      closedByServer.incrementAndGet();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long opened() {
    return opened.get();
  }

  long closedByServer() {
    return closedByServer.get();
  }

  int open() {
    return open;
  }

  int maxOpen() {
    return maxOpen;
  }

  @Override
  public void close() throws IOException {
    stopped = true;
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SelectionKey key : selector.keys()) {
      key.channel().close();
    }
    selector.close();
  }
}
