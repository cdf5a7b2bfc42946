package io.captiond.ingest.rtmp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A multi-publisher RTMP server on a plain Netty {@link ServerBootstrap}: one pipeline per
 * connection (idle timeout, then {@link RtmpConnectionHandler}), one {@link PublishListener} per
 * connection from the factory. Before a peer is trusted it costs little: at most
 * {@link RtmpSettings#maxConnections()} connections in all and
 * {@link RtmpSettings#maxConnectionsPerIp()} per remote address (an IPv6 /64 counted as one
 * address, since one subscriber usually holds all of it), one {@link PendingBudget} for partly
 * received messages across all connections; lines about refused and closed peers go through one
 * {@link RefusalLog}.
 *
 * <p>Netty rather than a Vert.x NetServer: the protocol handlers are Netty pipeline handlers
 * (testable on an {@code EmbeddedChannel}), and a NetServer exposes its pipeline only through
 * internal API. The listener hands data to Vert.x (event bus, context) itself.
 */
public final class RtmpServer {

  private static final Logger LOG = Logger.getLogger(RtmpServer.class.getName());

  private final RtmpSettings config;
  private final PublishListener.Factory listeners;
  private final ConcurrentHashMap<String, Integer> connectionsPerAddress =
      new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final PendingBudget pending;
  private final Supplier<SslContext> tls;
  // one for all connections, so that a peer reconnecting in a loop is logged at a bounded rate
  private final RefusalLog refusals = new RefusalLog();
  private final ReadTicks readTicks = new ReadTicks();
  private EventLoopGroup bossGroup;
  private EventLoopGroup workerGroup;
  private Channel serverChannel;

  public RtmpServer(RtmpSettings config, PublishListener.Factory listeners) {
    this(config, listeners, null);
  }

  /**
   * An RTMPS server when {@code tls} is given: each connection starts with an {@code SslHandler}
   * from the context {@code tls} supplies at accept time (so a reloaded certificate serves the
   * connections that follow).
   */
  public RtmpServer(RtmpSettings config, PublishListener.Factory listeners, Supplier<SslContext> tls) {
    this.tls = tls;
    this.config = Objects.requireNonNull(config, "config");
    this.listeners = Objects.requireNonNull(listeners, "listeners");
    this.pending = new PendingBudget(config.maxPendingBytesTotal());
  }

  /** Bytes of partly received messages held by all connections now. */
  public long pendingBytes() {
    return pending.held();
  }

  /** Connections open now. */
  public int connections() {
    return connections.get();
  }

  /** Binds; completes with the bound address (the real port when the config asks for 0). */
  public synchronized CompletableFuture<InetSocketAddress> start() {
    if (serverChannel != null) {
      return CompletableFuture.failedFuture(new IllegalStateException("already started"));
    }
    bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    workerGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory());
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(bossGroup, workerGroup)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 128)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            accept(channel);
          }
        });
    CompletableFuture<InetSocketAddress> started = new CompletableFuture<>();
    bootstrap.bind(config.host(), config.port()).addListener(f -> {
      io.netty.channel.ChannelFuture bind = (io.netty.channel.ChannelFuture) f;
      if (bind.isSuccess()) {
        synchronized (this) {
          serverChannel = bind.channel();
        }
        InetSocketAddress address = (InetSocketAddress) bind.channel().localAddress();
        LOG.info(() -> (tls == null ? "RTMP" : "RTMPS") + " server listening on " + address);
        started.complete(address);
      } else {
        shutdownGroups();
        started.completeExceptionally(bind.cause());
      }
    });
    return started;
  }

  /** Closes the listening socket and every connection; completes when the threads are gone. */
  public synchronized CompletableFuture<Void> stop() {
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    if (serverChannel == null) {
      stopped.complete(null);
      return stopped;
    }
    serverChannel.close();
    serverChannel = null;
    Future<?> boss = bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    Future<?> workers = workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    boss.addListener(b -> workers.addListener(w -> stopped.complete(null)));
    return stopped;
  }

  private void accept(SocketChannel channel) {
    InetSocketAddress remote = channel.remoteAddress();
    String address = RefusalLog.key(remote);
    int total = connections.incrementAndGet();
    int open = connectionsPerAddress.merge(address, 1, Integer::sum);
    channel.closeFuture().addListener(f -> {
      connections.decrementAndGet();
      connectionsPerAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
    });
    if (total > config.maxConnections()) {
      refusals.log(LOG, Level.WARNING, remote, () -> "refusing RTMP connection from " + remote + ": "
          + total + " connections open; limit " + config.maxConnections());
      channel.close();
      return;
    }
    if (open > config.maxConnectionsPerIp()) {
      refusals.log(LOG, Level.WARNING, remote, () -> "refusing RTMP connection from " + remote + ": " + open
          + " connections from that address; limit " + config.maxConnectionsPerIp());
      channel.close();
      return;
    }
    PublishListener listener;
    try {
      listener = listeners.create(remote);
    } catch (RuntimeException e) {
      refusals.log(LOG, Level.WARNING, remote, () -> "refusing RTMP connection from " + remote
          + ": listener factory failed: " + e);
      channel.close();
      return;
    }
    // first, nearest the socket: once a publish is granted, its reads wait for the loop's tick
    channel.pipeline().addLast("ticks", readTicks.handler());
    if (tls != null) {
      SslHandler handler = tls.get().newHandler(channel.alloc());
      handler.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
      channel.pipeline().addLast("tls", handler);
    }
    channel.pipeline()
        .addLast("idle", new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0,
            TimeUnit.MILLISECONDS))
        .addLast("rtmp", new RtmpConnectionHandler(config, listener, refusals, pending));
  }

  private void shutdownGroups() {
    bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }
}
