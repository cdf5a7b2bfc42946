package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A publishing connection's socket read at ticks, over real loopback sockets. */
class ReadTicksTest {

  private static final int TOTAL = 400_000;

  private EventLoopGroup group;
  private Channel server;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final CountDownLatch all = new CountDownLatch(1);
  private volatile int readsAfterStart;
  private volatile boolean ticked;

  @BeforeEach
  void listen() throws Exception {
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ReadTicks ticks = new ReadTicks(50);
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            channel.pipeline().addLast(ticks.handler()).addLast(new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf buf = (ByteBuf) msg;
                if (ticked) {
                  readsAfterStart++;
                }
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                buf.release();
                received.writeBytes(bytes);
                if (!ticked && received.size() >= 1_000) {
                  ticked = true; // as a granted publish does
                  ctx.pipeline().get(ReadTicks.Handler.class).start();
                }
                if (received.size() == TOTAL) {
                  all.countDown();
                }
              }
            });
          }
        }).bind("127.0.0.1", 0).sync().channel();
  }

  @AfterEach
  void close() throws Exception {
    server.close().sync();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @Test
  void everyByteArrivesInOrderInAboutOneReadATick() throws Exception {
    byte[] sent = new byte[TOTAL];
    new Random(7).nextBytes(sent);
    long started;
    try (Socket client = new Socket()) {
      client.setTcpNoDelay(true);
      client.connect((InetSocketAddress) server.localAddress());
      OutputStream out = client.getOutputStream();
      out.write(sent, 0, 1_000);
      out.flush();
      Thread.sleep(100);
      started = System.nanoTime();
      // 2 s of small writes every 5 ms (a publisher's messages, in pieces), then one burst
      int at = 1_000;
      for (int i = 0; i < 400; i++) {
        out.write(sent, at, 200);
        out.flush();
        at += 200;
        Thread.sleep(5);
      }
      out.write(sent, at, TOTAL - at);
      out.flush();
      assertTrue(all.await(20, TimeUnit.SECONDS), "received " + received.size() + " of " + TOTAL);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    assertArrayEquals(sent, received.toByteArray());
    // 400 writes 5 ms apart: read at 50 ms ticks they take ~40-60 reads, plus the burst's few
    long ticks = Math.round(seconds * 1000 / 50);
    assertTrue(readsAfterStart <= ticks + 40, readsAfterStart + " reads in " + seconds + " s (" + ticks + " ticks)");
  }

  @Test
  void theReadsLandTheLeadBeforeEachMultipleOfTheTickWhereTheMediaPoolTicks() {
    long period = TimeUnit.MILLISECONDS.toNanos(50);
    long lead = TimeUnit.MILLISECONDS.toNanos(ReadTicks.LEAD_MS);
    Random random = new Random(11);
    for (int i = 0; i < 10_000; i++) {
      long now = i < 4 ? new long[] {0, lead, period - lead, -1}[i] : random.nextLong();
      long delay = ReadTicks.firstRead(now, period, lead);
      assertTrue(delay > 0 && delay <= period, "delay " + delay + " at " + now);
      assertEquals(period - lead, Math.floorMod(now + delay, period), "the lead before a multiple, from " + now);
    }
  }
}
