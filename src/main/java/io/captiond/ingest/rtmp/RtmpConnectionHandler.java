package io.captiond.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One publisher's RTMP conversation, server side, up to and through publishing (RTMP 1.0 section
 * 7.2; the exchange of section 7.3.2 "Publish Recorded Video"): handshake, connect, createStream,
 * publish, then media to the {@link PublishListener}. Sends Window Acknowledgement Size, Set Peer
 * Bandwidth, Set Chunk Size and Stream Begin, and acknowledges per the window.
 *
 * <p>Any bad input, a timeout, or a listener's exception closes this connection with a logged
 * reason; nothing propagates further up the pipeline.
 */
public final class RtmpConnectionHandler extends ByteToMessageDecoder {

  private static final Logger LOG = Logger.getLogger(RtmpConnectionHandler.class.getName());
  private static final int COMMAND_CHUNK_STREAM = 3;
  private static final int STREAM_COMMAND_CHUNK_STREAM = 5;
  /** Message streams one connection may create; a publisher needs one. */
  static final int MAX_STREAMS = 8;

  /** AWAIT_DECISION: the listener is deciding a publish; reading is paused, nothing is decoded. */
  enum Phase { HANDSHAKE, AWAIT_CONNECT, CONNECTED, AWAIT_DECISION, PUBLISHING, CLOSED }

  private final RtmpSettings config;
  private final PublishListener listener;
  private final HandshakeDecoder handshake = new HandshakeDecoder();
  private final ChunkDecoder chunks;
  private final ChunkEncoder encoder = new ChunkEncoder(ChunkDecoder.DEFAULT_CHUNK_SIZE);
  private final Amf0Decoder amf;
  private final Set<String> reportedCodecs = new HashSet<>();
  private Phase phase = Phase.HANDSHAKE;
  private String app;
  private String streamKey;
  private int publishStreamId;
  private int nextStreamId = 1;
  private long bytesReceived;
  private long lastAcknowledged;
  private long ackWindow;
  private ScheduledFuture<?> handshakeTimer;
  private String closeReason;
  private boolean closedReported;

  public RtmpConnectionHandler(RtmpSettings config, PublishListener listener) {
    this.config = config;
    this.listener = listener;
    this.chunks = new ChunkDecoder(config);
    this.amf = new Amf0Decoder(config.maxAmfDepth());
    this.ackWindow = config.windowAckSize();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    super.handlerAdded(ctx);
    if (ctx.channel().isActive()) {
      startHandshakeTimer(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    startHandshakeTimer(ctx);
    super.channelActive(ctx);
  }

  private void startHandshakeTimer(ChannelHandlerContext ctx) {
    if (handshakeTimer != null) {
      return;
    }
    long millis = config.handshakeTimeout().toMillis();
    handshakeTimer = ctx.executor().schedule(() -> {
      if (phase == Phase.HANDSHAKE) {
        close(ctx, "handshake not completed within " + millis + " ms");
      }
    }, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf buf) {
      bytesReceived += buf.readableBytes();
    }
    super.channelRead(ctx, msg);
    acknowledgeIfDue(ctx);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    try {
      if (phase == Phase.HANDSHAKE) {
        byte[] reply = handshake.decode(in);
        if (reply != null) {
          ctx.write(Unpooled.wrappedBuffer(reply));
        }
        if (!handshake.isDone()) {
          return;
        }
        if (handshakeTimer != null) {
          handshakeTimer.cancel(false);
        }
        phase = Phase.AWAIT_CONNECT;
      }
      if (phase == Phase.AWAIT_DECISION && in.readableBytes() > config.maxPendingBytes()) {
        throw new ProtocolException(in.readableBytes() + " bytes sent while the publish is being"
            + " decided; limit " + config.maxPendingBytes());
      }
      RtmpMessage message;
      while (phase != Phase.CLOSED && phase != Phase.AWAIT_DECISION
          && (message = chunks.decode(in)) != null) {
        handle(ctx, message);
      }
    } catch (RtmpException e) {
      close(ctx, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "RTMP connection " + ctx.channel().remoteAddress() + " failed", e);
      close(ctx, "internal error: " + e);
    } finally {
      if (phase == Phase.CLOSED) {
        in.skipBytes(in.readableBytes());
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    ctx.flush();
    super.channelReadComplete(ctx);
  }

  private void handle(ChannelHandlerContext ctx, RtmpMessage m) {
    switch (m.typeId()) {
      case RtmpMessage.SET_CHUNK_SIZE, RtmpMessage.ABORT, RtmpMessage.ACKNOWLEDGEMENT,
          RtmpMessage.SET_PEER_BANDWIDTH -> ControlMessage.decode(m);
      case RtmpMessage.WINDOW_ACK_SIZE ->
          ackWindow = ((ControlMessage.WindowAckSize) ControlMessage.decode(m)).size();
      case RtmpMessage.USER_CONTROL -> {
        if (UserControl.decode(m) instanceof UserControl.PingRequest ping) {
          send(ctx, ControlMessage.CHUNK_STREAM_ID, new UserControl.PingResponse(ping.timestamp())
              .toMessage());
        }
      }
      case RtmpMessage.COMMAND_AMF0 -> command(ctx, m, amf.decodeAll(m.payload()));
      case RtmpMessage.COMMAND_AMF3 -> command(ctx, m, amf.decodeAll(amf0Body(m)));
      case RtmpMessage.DATA_AMF0 -> data(amf.decodeAll(m.payload()));
      case RtmpMessage.DATA_AMF3 -> data(amf.decodeAll(amf0Body(m)));
      case RtmpMessage.AUDIO -> media(m, FlvTags.audio(m.timestamp(), m.payload()));
      case RtmpMessage.VIDEO -> media(m, FlvTags.video(m.timestamp(), m.payload()));
      default -> LOG.fine(() -> "ignoring RTMP message type " + m.typeId());
    }
  }

  /** Section 7.1.1: an AMF3 command or data message starts with a format byte, 0 for AMF0. */
  private static byte[] amf0Body(RtmpMessage m) {
    if (m.payload().length == 0 || m.payload()[0] != 0) {
      throw new ProtocolException("AMF3 message type " + m.typeId()
          + " must start with format byte 0 (AMF0 body); AMF3 values are not supported");
    }
    return Arrays.copyOfRange(m.payload(), 1, m.payload().length);
  }

  private void command(ChannelHandlerContext ctx, RtmpMessage m, List<Object> values) {
    Command command = Command.parse(values);
    if (phase == Phase.AWAIT_CONNECT && !(command instanceof Command.Connect)) {
      throw new ProtocolException(values.get(0) + " before connect");
    }
    if (command instanceof Command.Connect connect) {
      connect(ctx, connect);
    } else if (command instanceof Command.CreateStream create) {
      if (nextStreamId > MAX_STREAMS) {
        throw new ProtocolException("createStream number " + nextStreamId + "; limit "
            + MAX_STREAMS + " per connection");
      }
      send(ctx, COMMAND_CHUNK_STREAM, Replies.message(0,
          Replies.createStreamResult(create.transactionId(), nextStreamId++)));
    } else if (command instanceof Command.FCPublish fcPublish) {
      send(ctx, COMMAND_CHUNK_STREAM, Replies.message(0,
          Replies.onFCPublish(fcPublish.streamName())));
    } else if (command instanceof Command.Publish publish) {
      publish(ctx, m.streamId(), publish);
    } else if (command instanceof Command.FCUnpublish
        || command instanceof Command.DeleteStream delete && delete.streamId() == publishStreamId
        || command instanceof Command.Other other && other.name().equals("closeStream")) {
      unpublish(ctx);
    } else {
      LOG.fine(() -> "ignoring RTMP command " + values.get(0));
    }
  }

  private void connect(ChannelHandlerContext ctx, Command.Connect connect) {
    if (phase != Phase.AWAIT_CONNECT) {
      throw new ProtocolException("connect received a second time");
    }
    if (connect.app() == null) {
      throw new ProtocolException("connect command object has no app string: "
          + connect.properties().keySet());
    }
    app = connect.app();
    phase = Phase.CONNECTED;
    send(ctx, ControlMessage.CHUNK_STREAM_ID,
        new ControlMessage.WindowAckSize(config.windowAckSize()).toMessage());
    send(ctx, ControlMessage.CHUNK_STREAM_ID, new ControlMessage.SetPeerBandwidth(
        config.peerBandwidth(), ControlMessage.SetPeerBandwidth.DYNAMIC).toMessage());
    send(ctx, ControlMessage.CHUNK_STREAM_ID,
        new ControlMessage.SetChunkSize(config.outgoingChunkSize()).toMessage());
    encoder.setChunkSize(config.outgoingChunkSize());
    send(ctx, COMMAND_CHUNK_STREAM, Replies.message(0,
        Replies.connectResult(connect.transactionId())));
  }

  private void publish(ChannelHandlerContext ctx, int streamId, Command.Publish publish) {
    if (phase != Phase.CONNECTED) {
      throw new ProtocolException("publish while " + phase);
    }
    if (streamId < 1 || streamId >= nextStreamId) {
      throw new ProtocolException("publish on message stream " + streamId
          + ", which createStream did not create (created 1.." + (nextStreamId - 1) + ")");
    }
    String key = publish.streamKey();
    CompletableFuture<PublishDecision> decision =
        listener.onPublish(app, key).toCompletableFuture();
    if (decision.isDone()) {
      decided(ctx, streamId, key, decision.getNow(null), null);
      return;
    }
    // The listener answers later (an event-bus round trip): stop reading until it has, and decode
    // what arrived meanwhile once it has (section 7.3.2: media follows NetStream.Publish.Start).
    phase = Phase.AWAIT_DECISION;
    ctx.channel().config().setAutoRead(false);
    decision.whenComplete((answer, error) -> ctx.executor().execute(() -> {
      if (phase != Phase.AWAIT_DECISION) {
        return;
      }
      phase = Phase.CONNECTED;
      ctx.channel().config().setAutoRead(true);
      try {
        decided(ctx, streamId, key, answer, error);
        channelRead(ctx, Unpooled.EMPTY_BUFFER);
      } catch (Exception e) {
        close(ctx, "internal error: " + e);
      }
      ctx.flush();
    }));
  }

  private void decided(ChannelHandlerContext ctx, int streamId, String key,
      PublishDecision decision, Throwable error) {
    if (error != null || decision == null) {
      decision = PublishDecision.reject("publish could not be authorized: "
          + (error == null ? "no decision" : error.getMessage()));
    }
    if (decision instanceof PublishDecision.Reject reject) {
      send(ctx, STREAM_COMMAND_CHUNK_STREAM, Replies.message(streamId,
          Replies.publishBadName(key, reject.reason())));
      close(ctx, "publish in app '" + app + "' rejected: " + reject.reason());
      return;
    }
    streamKey = key;
    publishStreamId = streamId;
    phase = Phase.PUBLISHING;
    send(ctx, ControlMessage.CHUNK_STREAM_ID, new UserControl.StreamBegin(streamId).toMessage());
    send(ctx, STREAM_COMMAND_CHUNK_STREAM, Replies.message(streamId,
        Replies.publishStart(streamKey)));
    LOG.info(() -> "RTMP publish started in app '" + app + "' from "
        + ctx.channel().remoteAddress());
  }

  private void unpublish(ChannelHandlerContext ctx) {
    if (phase != Phase.PUBLISHING) {
      return;
    }
    phase = Phase.CONNECTED;
    listener.onUnpublish();
    send(ctx, STREAM_COMMAND_CHUNK_STREAM, Replies.message(publishStreamId,
        Replies.unpublishSuccess(streamKey)));
  }

  private void data(List<Object> values) {
    if (phase != Phase.PUBLISHING) {
      LOG.fine("ignoring a data message before publish");
      return;
    }
    MetaData.parse(values).ifPresent(meta -> listener.onMetaData(meta.properties()));
  }

  private void media(RtmpMessage m, Media media) {
    if (phase != Phase.PUBLISHING) {
      throw new ProtocolException("media message type " + m.typeId() + " while " + phase
          + "; media may only follow an accepted publish");
    }
    if (m.streamId() != publishStreamId) {
      throw new ProtocolException("media on message stream " + m.streamId()
          + " but publishing on " + publishStreamId);
    }
    if (media instanceof AudioPacket audio) {
      listener.onAudio(audio);
    } else if (media instanceof VideoPacket video) {
      listener.onVideo(video);
    } else if (media instanceof UnsupportedCodec codec) {
      if (reportedCodecs.add(codec.track() + "/" + codec.codec())) {
        LOG.info(() -> "RTMP publisher in app '" + app + "' sends unsupported " + codec);
        listener.onUnsupportedCodec(codec);
      }
    }
  }

  private void send(ChannelHandlerContext ctx, int chunkStreamId, RtmpMessage message) {
    ByteBuf out = ctx.alloc().buffer();
    encoder.encode(chunkStreamId, message, out);
    ctx.write(out);
  }

  /** Section 5.4.3: acknowledge once a window's worth of bytes has arrived since the last one. */
  private void acknowledgeIfDue(ChannelHandlerContext ctx) {
    if (phase == Phase.HANDSHAKE || phase == Phase.CLOSED
        || bytesReceived - lastAcknowledged < ackWindow) {
      return;
    }
    lastAcknowledged = bytesReceived;
    send(ctx, ControlMessage.CHUNK_STREAM_ID,
        new ControlMessage.Acknowledgement(bytesReceived & 0xFFFFFFFFL).toMessage());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      close(ctx, "no data for " + config.idleTimeout().toMillis() + " ms");
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }

  /**
   * Replies queue up unsent when the peer stops reading: past the channel's high water mark the
   * peer is cut off (closed at once; a flush would wait for it forever) rather than buffered for.
   */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (!ctx.channel().isWritable() && phase != Phase.CLOSED) {
      close(ctx, "peer does not read: more than "
          + ctx.channel().config().getWriteBufferHighWaterMark() + " bytes of replies unsent");
      ctx.close();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    close(ctx, String.valueOf(cause));
  }

  private void close(ChannelHandlerContext ctx, String reason) {
    if (phase == Phase.CLOSED) {
      return;
    }
    boolean wasPublishing = phase == Phase.PUBLISHING;
    phase = Phase.CLOSED;
    closeReason = reason;
    LOG.info(() -> "closing RTMP connection from " + ctx.channel().remoteAddress() + ": "
        + reason);
    if (handshakeTimer != null) {
      handshakeTimer.cancel(false);
    }
    if (wasPublishing) {
      notifyListener(listener::onUnpublish);
    }
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (handshakeTimer != null) {
      handshakeTimer.cancel(false);
    }
    if (phase == Phase.PUBLISHING) {
      notifyListener(listener::onUnpublish);
    }
    phase = Phase.CLOSED;
    if (!closedReported) {
      closedReported = true;
      String reason = closeReason != null ? closeReason : "peer closed the connection";
      notifyListener(() -> listener.onClosed(reason));
    }
    super.channelInactive(ctx);
  }

  private void notifyListener(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "RTMP publish listener failed", e);
    }
  }
}
