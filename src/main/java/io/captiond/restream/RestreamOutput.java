package io.captiond.restream;

import io.captiond.ingest.rtmp.Amf0Encoder;
import io.captiond.ingest.rtmp.RtmpMessage;
import io.captiond.media.embed.FlvTag;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * Pushes one stream's FLV tags to an RTMP(S) server, reconnecting with exponential back-off.
 *
 * <p>{@link #send} is called by the stream's one sender thread, tags in decode order. While not
 * live, tags are dropped; the last sequence headers and metadata are kept and sent first on each
 * new connection, video then waits for a key frame. Timestamps restart near 0 on each connection.
 * When the socket's buffer is full, tags are dropped and video again waits for a key frame.
 *
 * <p>Connections, back-off and state changes run on one event loop of the given group. The URL's
 * key is a secret: logs, {@link #status}, metrics and {@link #toString} show {@link
 * RtmpUrl#redacted}.
 */
public final class RestreamOutput implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RestreamOutput.class.getName());
  private static final byte[] SET_DATA_FRAME = Amf0Encoder.encodeAll("@setDataFrame");
  private static final byte[] ON_META_DATA = Amf0Encoder.encodeAll("onMetaData");

  private final RtmpUrl url;
  private final RestreamConfig config;
  private final EventLoop loop;
  private final SslContext tls;
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final BitrateMeter bitrate = new BitrateMeter(3);
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong droppedTags = new AtomicLong();
  private final AtomicInteger reconnects = new AtomicInteger();
  private volatile OutputState state = OutputState.STOPPED;
  private volatile PublishSession session;
  private volatile String lastError;
  private boolean started;
  private boolean closed;
  private int failuresInRow;

  // the sender thread's own
  private FlvTag metadata;
  private FlvTag videoHeader;
  private FlvTag audioHeader;
  private PublishSession sendingTo;
  private boolean awaitingKeyframe;
  private long base;

  /**
   * @param url {@code rtmp://host[:port]/app/key} or {@code rtmps://...}
   * @param tags the meters' tags (stream and output names, never the URL)
   * @throws IllegalArgumentException when the URL is not one (the message holds no key)
   */
  public RestreamOutput(String url, RestreamConfig config, EventLoopGroup group, MeterRegistry registry, Tags tags) {
    this.url = RtmpUrl.parse(url);
    this.config = config;
    this.loop = group.next();
    this.tls = this.url.tls() ? clientTls() : null;
    this.registry = registry;
    meters.add(Gauge.builder("captiond.restream.live", this, o -> o.state == OutputState.LIVE ? 1 : 0)
        .tags(tags).description("1 while the output is publishing").register(registry));
    meters.add(Gauge.builder("captiond.restream.bitrate", this, o -> o.bitrate.bitsPerSecond(System.currentTimeMillis()))
        .tags(tags).baseUnit("bits/s").register(registry));
    meters.add(FunctionCounter.builder("captiond.restream.bytes", bytesSent, AtomicLong::get)
        .tags(tags).baseUnit("bytes").register(registry));
    meters.add(FunctionCounter.builder("captiond.restream.reconnects", reconnects, AtomicInteger::get)
        .tags(tags).register(registry));
    meters.add(FunctionCounter.builder("captiond.restream.dropped.tags", droppedTags, AtomicLong::get)
        .tags(tags).register(registry));
  }

  private static SslContext clientTls() {
    try {
      return SslContextBuilder.forClient().build();
    } catch (SSLException e) {
      throw new IllegalStateException("no TLS client context: " + e.getMessage(), e);
    }
  }

  /** Starts connecting; the output then keeps itself connected until {@link #close}. */
  public void start() {
    loop.execute(() -> {
      if (!started && !closed) {
        started = true;
        connect();
      }
    });
  }

  private void connect() {
    if (closed) {
      return;
    }
    state = OutputState.CONNECTING;
    PublishSession attempt = new PublishSession(url, config, new PublishSession.Listener() {
      @Override
      public void live(PublishSession s) {
        loop.execute(() -> onLive(s));
      }

      @Override
      public void ended(PublishSession s, String reason) {
        loop.execute(() -> onEnded(s, reason));
      }
    });
    session = attempt;
    Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(config.maxQueuedBytes() / 2, config.maxQueuedBytes()))
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            if (tls != null) {
              ch.pipeline().addLast(tls.newHandler(ch.alloc(), url.host(), url.port()));
            }
            ch.pipeline().addLast(attempt);
          }
        });
    ChannelFuture connecting = bootstrap.connect(url.host(), url.port());
    connecting.addListener(f -> {
      if (!f.isSuccess()) {
        attempt.end("cannot connect to " + url.host() + ":" + url.port() + ": " + f.cause().getMessage());
      }
    });
    loop.schedule(attempt::timeoutUnlessLive, config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void onLive(PublishSession s) {
    if (s != session || closed) {
      return;
    }
    failuresInRow = 0;
    state = OutputState.LIVE;
    LOG.info(() -> "restream " + url.redacted() + " is live");
  }

  private void onEnded(PublishSession s, String reason) {
    if (s != session || closed) {
      return;
    }
    String safe = reason == null ? "unknown" : reason.replace(url.key(), "***");
    lastError = safe;
    reconnects.incrementAndGet();
    failuresInRow++;
    if (config.maxAttempts() > 0 && failuresInRow >= config.maxAttempts()) {
      state = OutputState.FAILED;
      LOG.warning(() -> "restream " + url.redacted() + " failed after " + failuresInRow + " attempts: " + safe);
      return;
    }
    state = OutputState.RETRYING;
    long delay = config.backoff(failuresInRow).toMillis();
    LOG.log(Level.INFO, () -> "restream " + url.redacted() + " retrying in " + delay + " ms: " + safe);
    loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
  }

  /** Takes the stream's next tag; from the stream's one sender thread. */
  public void send(FlvTag tag) {
    remember(tag);
    PublishSession s = session;
    if (s == null || s.state() != PublishSession.State.LIVE) {
      droppedTags.incrementAndGet();
      return;
    }
    if (s != sendingTo) {
      sendingTo = s;
      base = tag.timestampMs();
      awaitingKeyframe = true;
      for (FlvTag header : new FlvTag[] {metadata, videoHeader, audioHeader}) {
        if (header != null && header != tag) {
          write(s, header, 0);
        }
      }
    }
    boolean video = tag.isVideo();
    if (video && awaitingKeyframe && !tag.isAvcSequenceHeader()) {
      if (!tag.isKeyframe()) {
        droppedTags.incrementAndGet();
        return;
      }
      awaitingKeyframe = false;
    }
    if (!write(s, tag, Math.max(0, tag.timestampMs() - base))) {
      droppedTags.incrementAndGet();
      awaitingKeyframe |= video;
    }
  }

  private void remember(FlvTag tag) {
    if (tag.isAvcSequenceHeader() || (tag.isVideo() && tag.body().length > 0 && (tag.body()[0] & 0x80) != 0
        && (tag.body()[0] & 0x0F) == 0)) {
      videoHeader = tag; // AVC, or Enhanced RTMP's SequenceStart (PacketType 0)
    } else if (tag.type() == FlvTag.AUDIO && tag.body().length > 1 && (tag.body()[0] & 0xF0) == 0xA0 && tag.body()[1] == 0) {
      audioHeader = tag; // AAC AudioSpecificConfig
    } else if (tag.type() == FlvTag.SCRIPT_DATA) {
      metadata = tag;
    }
  }

  private boolean write(PublishSession s, FlvTag tag, long timestamp) {
    int type = tag.type() == FlvTag.SCRIPT_DATA ? RtmpMessage.DATA_AMF0 : tag.type();
    byte[] payload = tag.type() == FlvTag.SCRIPT_DATA && startsWith(tag.body(), ON_META_DATA)
        ? concat(SET_DATA_FRAME, tag.body()) : tag.body();
    if (!s.send(type, timestamp, payload)) {
      return false;
    }
    bytesSent.addAndGet(payload.length);
    bitrate.add(payload.length, System.currentTimeMillis());
    return true;
  }

  private static boolean startsWith(byte[] body, byte[] prefix) {
    if (body.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (body[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  public OutputStatus status() {
    return new OutputStatus(url.redacted(), state, bitrate.bitsPerSecond(System.currentTimeMillis()),
        bytesSent.get(), droppedTags.get(), reconnects.get(), lastError);
  }

  public OutputState state() {
    return state;
  }

  /** Closes the connection and stops retrying; the meters are removed. */
  @Override
  public void close() {
    loop.execute(() -> {
      closed = true;
      state = OutputState.STOPPED;
      PublishSession s = session;
      if (s != null) {
        s.close();
      }
    });
    meters.forEach(registry::remove);
  }

  @Override
  public String toString() {
    return "RestreamOutput[" + url.redacted() + ", " + state + "]";
  }
}
