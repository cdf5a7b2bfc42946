package io.captiond.restream;

import io.captiond.ingest.rtmp.Amf0Decoder;
import io.captiond.ingest.rtmp.Amf0Encoder;
import io.captiond.ingest.rtmp.ChunkDecoder;
import io.captiond.ingest.rtmp.ChunkEncoder;
import io.captiond.ingest.rtmp.ControlMessage;
import io.captiond.ingest.rtmp.RtmpException;
import io.captiond.ingest.rtmp.RtmpMessage;
import io.captiond.ingest.rtmp.UserControl;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One connection's publish conversation, as the client (Adobe RTMP 1.0 specification): the plain
 * handshake of section 5.2 (C0 version 3, C1 with zero version bytes, C2 echoing S1), Set Chunk
 * Size (5.4.1), then section 7.2's {@code connect}, {@code releaseStream}/{@code FCPublish} (as
 * FFmpeg and OBS send them), {@code createStream} and {@code publish}, live once the server says
 * {@code NetStream.Publish.Start}. Ping requests are answered (7.1.7); acknowledgements are not
 * sent, as a publisher receives far less than any server's window. Media is written from the
 * sender's thread with its own chunk encoder; everything else runs on the channel's event loop.
 */
final class PublishSession extends ChannelInboundHandlerAdapter {

  /** The conversation's steps, in order; a failure ends in CLOSED with the listener told why. */
  enum State { HANDSHAKE, CONNECT, CREATE_STREAM, PUBLISH, LIVE, CLOSED }

  interface Listener {
    void live(PublishSession session);

    /** Called once, on the event loop, when the session ends for any reason but {@link #close}. */
    void ended(PublishSession session, String reason);
  }

  static final int HANDSHAKE_SIZE = 1536;
  private static final int COMMAND_CHUNK_STREAM = 3;
  private static final int AUDIO_CHUNK_STREAM = 4;
  private static final int DATA_CHUNK_STREAM = 5;
  private static final int VIDEO_CHUNK_STREAM = 6;
  private static final int PING_REQUEST = 6;
  private static final int CONNECT_TXN = 1;
  private static final int CREATE_STREAM_TXN = 4;
  private static final int PUBLISH_TXN = 5;

  private final RtmpUrl url;
  private final RestreamConfig config;
  private final Listener listener;
  private final ChunkEncoder commands;
  private final ChunkEncoder media;
  private final ChunkDecoder decoder;
  private final Amf0Decoder amf = new Amf0Decoder(16);
  private final ByteBuf received = Unpooled.buffer();
  private volatile State state = State.HANDSHAKE;
  private volatile Channel channel;
  private int streamId;

  PublishSession(RtmpUrl url, RestreamConfig config, Listener listener) {
    this.url = url;
    this.config = config;
    this.listener = listener;
    this.commands = new ChunkEncoder(ChunkDecoder.DEFAULT_CHUNK_SIZE);
    this.media = new ChunkEncoder(config.chunkSize());
    this.decoder = new ChunkDecoder(0xFFFFFF, config.maxIncomingMessage(), 4 * config.maxIncomingMessage(), 64);
  }

  State state() {
    return state;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    ByteBuf c0c1 = ctx.alloc().buffer(1 + HANDSHAKE_SIZE);
    c0c1.writeByte(3);
    c0c1.writeInt(0); // time
    c0c1.writeInt(0); // zero: the plain handshake, no digest
    byte[] random = new byte[HANDSHAKE_SIZE - 8];
    ThreadLocalRandom.current().nextBytes(random);
    c0c1.writeBytes(random);
    ctx.writeAndFlush(c0c1);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    received.writeBytes(in);
    in.release();
    try {
      if (state == State.HANDSHAKE && !handshake(ctx)) {
        return;
      }
      RtmpMessage message;
      while (state != State.CLOSED && (message = decoder.decode(received)) != null) {
        onMessage(ctx, message);
      }
    } catch (RestreamException e) {
      end(e.getMessage());
    } catch (RtmpException | ClassCastException | IndexOutOfBoundsException e) {
      end("the server broke the publish conversation: " + e.getMessage());
    } finally {
      received.discardReadBytes();
    }
  }

  /** S0, S1 and S2 in; C2 (S1 echoed) out, then the connect command. False until all arrived. */
  private boolean handshake(ChannelHandlerContext ctx) {
    if (received.readableBytes() < 1 + 2 * HANDSHAKE_SIZE) {
      return false;
    }
    int version = received.readUnsignedByte();
    if (version != 3) {
      throw new RestreamException("S0 version " + version + ", expected 3");
    }
    ByteBuf c2 = ctx.alloc().buffer(HANDSHAKE_SIZE);
    received.readBytes(c2, HANDSHAKE_SIZE); // C2 is S1 echoed
    received.skipBytes(HANDSHAKE_SIZE); // S2, our C1 echoed
    ctx.write(c2);
    write(ctx, ControlMessage.CHUNK_STREAM_ID, new ControlMessage.SetChunkSize(config.chunkSize()).toMessage());
    commands.setChunkSize(config.chunkSize());
    Map<String, Object> properties = Map.of("app", url.app(), "type", "nonprivate",
        "flashVer", "FMLE/3.0 (compatible; captiond)", "tcUrl", url.tcUrl());
    command(ctx, 0, "connect", CONNECT_TXN, properties);
    state = State.CONNECT;
    return true;
  }

  private void onMessage(ChannelHandlerContext ctx, RtmpMessage message) {
    byte[] p = message.payload();
    if (message.typeId() == RtmpMessage.USER_CONTROL && p.length >= 6 && (p[0] << 8 | p[1] & 0xFF) == PING_REQUEST) {
      long time = (p[2] & 0xFFL) << 24 | (p[3] & 0xFF) << 16 | (p[4] & 0xFF) << 8 | (p[5] & 0xFF);
      write(ctx, ControlMessage.CHUNK_STREAM_ID, new UserControl.PingResponse(time).toMessage());
    } else if (message.typeId() == RtmpMessage.COMMAND_AMF0) {
      onCommand(ctx, amf.decodeAll(p));
    }
  }

  private void onCommand(ChannelHandlerContext ctx, List<Object> values) {
    String name = (String) values.get(0);
    double txn = values.size() > 1 && values.get(1) instanceof Double d ? d : -1;
    if (name.equals("_result") && txn == CONNECT_TXN && state == State.CONNECT) {
      command(ctx, 0, "releaseStream", 2, null, url.key());
      command(ctx, 0, "FCPublish", 3, null, url.key());
      command(ctx, 0, "createStream", CREATE_STREAM_TXN, (Object) null);
      state = State.CREATE_STREAM;
    } else if (name.equals("_result") && txn == CREATE_STREAM_TXN && state == State.CREATE_STREAM) {
      streamId = ((Double) values.get(3)).intValue();
      command(ctx, streamId, "publish", PUBLISH_TXN, null, url.key(), "live");
      state = State.PUBLISH;
    } else if (name.equals("_error")) {
      throw new RestreamException("the server answered " + state + " with _error " + describe(values));
    } else if (name.equals("onStatus") && values.size() > 3 && values.get(3) instanceof Map<?, ?> info) {
      if ("NetStream.Publish.Start".equals(info.get("code")) && state == State.PUBLISH) {
        state = State.LIVE;
        listener.live(this);
      } else if ("error".equals(info.get("level"))) {
        throw new RestreamException("the server refused to publish: " + info.get("code") + " " + info.get("description"));
      }
    }
  }

  private String describe(List<Object> values) {
    return values.size() > 3 && values.get(3) instanceof Map<?, ?> info
        ? info.get("code") + " " + info.get("description") : String.valueOf(values.size()) + " values";
  }

  private void command(ChannelHandlerContext ctx, int onStream, String name, int txn, Object... arguments) {
    Object[] values = new Object[2 + arguments.length];
    values[0] = name;
    values[1] = txn;
    System.arraycopy(arguments, 0, values, 2, arguments.length);
    byte[] body = Amf0Encoder.encodeAll(java.util.Arrays.asList(values));
    write(ctx, COMMAND_CHUNK_STREAM, new RtmpMessage(RtmpMessage.COMMAND_AMF0, onStream, 0, body));
  }

  private void write(ChannelHandlerContext ctx, int chunkStream, RtmpMessage message) {
    ByteBuf out = ctx.alloc().buffer(message.payload().length + 32);
    commands.encode(chunkStream, message, out);
    ctx.writeAndFlush(out);
  }

  /**
   * Sends one audio, video or data message on the published stream, from the sender's thread.
   * False when not live or the socket's buffer is full (the caller drops the tag).
   */
  boolean send(int typeId, long timestamp, byte[] payload) {
    Channel ch = channel;
    if (state != State.LIVE || ch == null || !ch.isWritable()) {
      return false;
    }
    int chunkStream = typeId == RtmpMessage.AUDIO ? AUDIO_CHUNK_STREAM
        : typeId == RtmpMessage.VIDEO ? VIDEO_CHUNK_STREAM : DATA_CHUNK_STREAM;
    ByteBuf out = ch.alloc().buffer(payload.length + payload.length / config.chunkSize() + 32);
    media.encode(chunkStream, new RtmpMessage(typeId, streamId, timestamp & 0xFFFFFFFFL, payload), out);
    ch.writeAndFlush(out);
    return true;
  }

  /** Bytes the socket has not taken yet. */
  long queuedBytes() {
    Channel ch = channel;
    return ch == null ? 0 : ch.unsafe().outboundBuffer() == null ? 0 : ch.unsafe().outboundBuffer().totalPendingWriteBytes();
  }

  /** Ends the session without telling the listener, after what was written has gone out. */
  void close() {
    state = State.CLOSED;
    Channel ch = channel;
    if (ch != null) {
      ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    end("the server closed the connection while " + state);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    end(cause.getClass().getSimpleName() + ": " + cause.getMessage());
  }

  /** Gives up unless already live within the time allowed. */
  void timeoutUnlessLive() {
    if (state != State.LIVE && state != State.CLOSED) {
      end("no NetStream.Publish.Start within " + config.connectTimeout().toMillis() + " ms (stuck in " + state + ")");
    }
  }

  void end(String reason) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    if (channel != null) {
      channel.close();
    }
    listener.ended(this, reason);
  }
}
