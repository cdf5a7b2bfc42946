package io.captiond.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Reads publishing connections' sockets once a tick instead of whenever bytes arrive. A publisher sends
 * each audio and video message as it comes (every 20-40 ms, often in several TCP segments), so a socket read
 * as soon as it is readable costs a selector wake-up, a read and a pass through the pipeline for a few
 * hundred bytes. Read at a tick, the socket gives what arrived since in one read, and one tick of the
 * connection's event loop serves every publishing connection of that loop: one timer per event loop, not
 * per connection.
 *
 * <p>The bytes and their order are the same; they wait in the socket at most a tick ({@link #TICK_MS}). The
 * decode and HLS lanes take what a read gives at the media pool's next tick, which falls on a multiple of
 * {@link #TICK_MS} of {@link System#nanoTime} (MediaPool): the reads land {@link #LEAD_MS} before those
 * multiples, so the bytes then wait that little for the lanes, not up to another tick. Out of phase, the
 * reads raised the caption lag's p95 by 100-290 ms at 5 streams; in phase, it is the unticked reads'.
 * A read that filled its buffer (a key frame, a burst) reads again at once. Until {@link Handler#start()}
 * (a publish granted) a connection reads as Netty does by default: the handshake and the commands do not
 * wait for ticks.
 */
public final class ReadTicks {

  /** How long bytes may wait in a publishing connection's socket: the media pool's tick. */
  public static final long TICK_MS = 50;
  /** How long before a multiple of the tick the reads land: time for an event loop to read all its connections. */
  static final long LEAD_MS = 10;

  private final long tickMs;
  private final Map<EventExecutor, Loop> loops = new ConcurrentHashMap<>();

  public ReadTicks() {
    this(TICK_MS);
  }

  ReadTicks(long tickMs) {
    this.tickMs = tickMs;
  }

  /**
   * Nanoseconds from {@code nowNanos} to the first read: {@code leadNanos} before the next multiple of
   * {@code periodNanos} of {@link System#nanoTime} that is at least that far off.
   */
  static long firstRead(long nowNanos, long periodNanos, long leadNanos) {
    long toMultiple = periodNanos - Math.floorMod(nowNanos, periodNanos);
    return toMultiple > leadNanos ? toMultiple - leadNanos : toMultiple - leadNanos + periodNanos;
  }

  /** A new handler for one connection; it goes first in the pipeline (nearest the socket). */
  public Handler handler() {
    return new Handler();
  }

  /** The ticked connections of one event loop; touched on that loop only. */
  private final class Loop {
    private final EventExecutor executor;
    private final List<Handler> members = new ArrayList<>();
    private ScheduledFuture<?> timer;

    Loop(EventExecutor executor) {
      this.executor = executor;
    }

    void join(Handler handler) {
      members.add(handler);
      if (timer == null) {
        long period = TimeUnit.MILLISECONDS.toNanos(tickMs);
        timer = executor.scheduleAtFixedRate(this::tick,
            firstRead(System.nanoTime(), period, TimeUnit.MILLISECONDS.toNanos(LEAD_MS)), period, TimeUnit.NANOSECONDS);
      }
    }

    void leave(Handler handler) {
      members.remove(handler);
      if (members.isEmpty() && timer != null) {
        timer.cancel(false);
        timer = null;
      }
    }

    private void tick() {
      // a copy: a read may end a connection, which then leaves
      for (Handler handler : members.toArray(new Handler[0])) {
        handler.tick();
      }
    }
  }

  /**
   * One connection's reads: passed on as asked until {@link #start()}, then held for the tick (autoRead
   * off; every read asked for in between, by Netty or a decoder wanting more, is the tick's read).
   */
  public final class Handler extends ChannelDuplexHandler {

    private ChannelHandlerContext ctx;
    private Loop loop;
    private boolean filled;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      this.ctx = ctx;
    }

    /** From now on the socket is read at ticks. On the channel's event loop; a second call does nothing. */
    public void start() {
      if (loop != null || !ctx.channel().isActive()) {
        return;
      }
      ctx.channel().config().setAutoRead(false);
      loop = loops.computeIfAbsent(ctx.executor(), Loop::new);
      loop.join(this);
    }

    /** Whether the socket is read at ticks now. */
    public boolean ticked() {
      return loop != null;
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
      if (loop == null) {
        ctx.read();
      }
      // else the next tick reads
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (loop != null && msg instanceof ByteBuf buf && !buf.isWritable()) {
        filled = true;
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.fireChannelReadComplete();
      if (filled) {
        filled = false;
        ctx.read(); // the socket may hold more: a burst does not wait for ticks
      }
    }

    private void tick() {
      if (ctx.channel().isActive()) {
        ctx.read();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      stop();
      super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      stop();
    }

    private void stop() {
      if (loop != null) {
        loop.leave(this);
        loop = null;
      }
    }
  }
}
