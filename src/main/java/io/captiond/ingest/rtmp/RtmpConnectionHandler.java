package io.captiond.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One publisher's RTMP connection, server side: Netty plumbing wiring the layers in wire order,
 * {@link HandshakeDecoder} (section 5.2) → {@link ChunkDecoder} (5.3) → {@link MessageDecoder}
 * (5.4, 6.2, 7.1) → {@link PublishConversation} (7.2, 7.3.2), plus the handshake timer, the
 * acknowledgement window (5.4.3), the pause while a publish is decided and the cut-off of a peer
 * that stops reading. Any bad input, a timeout, or a listener's exception closes this connection
 * with a logged reason; nothing propagates further up the pipeline.
 */
public final class RtmpConnectionHandler extends ByteToMessageDecoder {

  private static final Logger LOG = Logger.getLogger(RtmpConnectionHandler.class.getName());

  private final RtmpSettings settings;
  private final HandshakeDecoder handshake = new HandshakeDecoder();
  private final ChunkDecoder chunks;
  private final MessageDecoder messages;
  private final ChunkEncoder encoder = new ChunkEncoder(ChunkDecoder.DEFAULT_CHUNK_SIZE);
  private final ChannelPeer peer = new ChannelPeer();
  private final PublishConversation conversation;
  private final RefusalLog refusals;
  private ChannelHandlerContext ctx;
  private final AcknowledgementWindow acknowledgements;
  private final Deadline handshakeDeadline = new Deadline();
  private final Deadline publishDeadline = new Deadline();
  private String closeReason;
  private boolean granted;

  /** A connection alone, its pending bytes bounded by {@link RtmpSettings#maxPendingBytesTotal()}. */
  public RtmpConnectionHandler(RtmpSettings settings, PublishListener listener, RefusalLog refusals) {
    this(settings, listener, refusals, new PendingBudget(settings.maxPendingBytesTotal()));
  }

  /**
   * @param refusals the server's rate bound on lines about closed peers, shared by its connections
   * @param budget the server's bound on partly received messages, shared by its connections
   */
  public RtmpConnectionHandler(RtmpSettings settings, PublishListener listener, RefusalLog refusals,
      PendingBudget budget) {
    this.settings = settings;
    this.refusals = refusals;
    this.chunks = ChunkDecoder.beforePublish(settings, budget);
    this.messages = new MessageDecoder(settings.maxAmfDepth());
    this.conversation = new PublishConversation(settings, listener, peer);
    this.acknowledgements = new AcknowledgementWindow(settings.windowAckSize());
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    this.ctx = ctx;
    super.handlerAdded(ctx);
    if (ctx.channel().isActive()) {
      startHandshakeTimer();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    startHandshakeTimer();
    super.channelActive(ctx);
  }

  private void startHandshakeTimer() {
    long millis = settings.handshakeTimeout().toMillis();
    handshakeDeadline.start(ctx.executor(), millis, () -> {
      if (!handshake.isDone()) {
        peer.close("handshake not completed within " + millis + " ms");
      }
    });
  }

  private void startPublishTimer() {
    long millis = settings.publishTimeout().toMillis();
    publishDeadline.start(ctx.executor(), millis, () -> {
      if (conversation.state() != PublishConversation.State.PUBLISHING) {
        peer.close("no publish granted within " + millis + " ms of the handshake");
      }
    });
  }

  /** Once a publish is granted the peer is trusted with full-size messages and no deadline. */
  private void publishGrantedYet() {
    if (!granted && conversation.state() == PublishConversation.State.PUBLISHING) {
      granted = true;
      publishDeadline.cancel();
      chunks.allowMessagesUpTo(settings.maxMessageLength());
      ReadTicks.Handler ticks = ctx.pipeline().get(ReadTicks.Handler.class);
      if (ticks != null) {
        ticks.start(); // media from now on: read at the event loop's tick (a server's pipeline has it)
      }
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof ByteBuf buf) {
      acknowledgements.count(buf.readableBytes());
    }
    super.channelRead(ctx, msg);
    if (handshake.isDone() && !conversation.isClosed()) {
      acknowledgements.due().ifPresent(
          ack -> peer.send(ControlMessage.CHUNK_STREAM_ID, ack.toMessage()));
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    try {
      if (!conversation.isClosed() && !handshake.isDone()) {
        byte[] reply = handshake.decode(in);
        if (reply != null) {
          ctx.write(Unpooled.wrappedBuffer(reply));
        }
        if (!handshake.isDone()) {
          return;
        }
        handshakeDeadline.cancel();
        startPublishTimer();
      }
      if (conversation.awaitingDecision() && in.readableBytes() > settings.maxPendingBytes()) {
        throw new ProtocolException(in.readableBytes() + " bytes sent while the publish is being"
            + " decided; limit " + settings.maxPendingBytes());
      }
      RtmpMessage raw;
      while (conversation.acceptsMessages() && (raw = chunks.decode(in)) != null) {
        Message message = messages.decode(raw);
        if (message instanceof Message.Control control
            && control.control() instanceof ControlMessage.WindowAckSize window) {
          acknowledgements.resize(window.size());
        }
        conversation.receive(message);
        publishGrantedYet();
      }
    } catch (RtmpException e) {
      peer.close(e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "RTMP connection " + ctx.channel().remoteAddress() + " failed", e);
      peer.close("internal error: " + e);
    } finally {
      if (conversation.isClosed()) {
        in.skipBytes(in.readableBytes());
      }
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
    ctx.flush();
    super.channelReadComplete(ctx);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      peer.close("no data for " + settings.idleTimeout().toMillis() + " ms");
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }

  // Replies queue up unsent when the peer stops reading: past the high water mark it is cut off,
  // closed at once (a flush would wait for it forever) rather than buffered for.
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (!ctx.channel().isWritable() && !conversation.isClosed()) {
      peer.close("peer does not read: more than "
          + ctx.channel().config().getWriteBufferHighWaterMark() + " bytes of replies unsent");
      ctx.close();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    peer.close(String.valueOf(cause));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    handshakeDeadline.cancel();
    publishDeadline.cancel();
    chunks.release();
    conversation.closed(closeReason != null ? closeReason : "peer closed the connection");
    super.channelInactive(ctx);
  }

  /** The conversation's view of this channel; every call comes on the channel's event loop. */
  private final class ChannelPeer implements PublishConversation.Peer {

    @Override
    public void send(int chunkStreamId, RtmpMessage message) {
      ByteBuf out = ctx.alloc().buffer();
      encoder.encode(chunkStreamId, message, out);
      ctx.write(out);
      if (message.typeId() == RtmpMessage.SET_CHUNK_SIZE) {
        // Section 5.4.1: the size we announce applies to every chunk we send after it.
        encoder.setChunkSize(ByteBuffer.wrap(message.payload()).getInt());
      }
    }

    @Override
    public void awaitDecision(CompletionStage<PublishDecision> decision) {
      ctx.channel().config().setAutoRead(false);
      decision.whenComplete((answer, error) -> ctx.executor().execute(() -> {
        if (!conversation.awaitingDecision()) {
          return;
        }
        ctx.channel().config().setAutoRead(true);
        try {
          conversation.decided(answer, error);
          publishGrantedYet();
          channelRead(ctx, Unpooled.EMPTY_BUFFER);
        } catch (Exception e) {
          close("internal error: " + e);
        }
        ctx.flush();
      }));
    }

    /** Closes with a logged reason, telling the conversation first; later calls do nothing. */
    @Override
    public void close(String reason) {
      if (conversation.isClosed()) {
        return;
      }
      // the reason may quote what the peer sent; it is logged and handed on, so it is bounded here
      String bounded = PeerText.line(reason, PublishConversation.LOG_LINE_CHARS);
      closeReason = bounded;
      if (granted) {
        // a publisher holding a valid key is not a stranger: its line is never held back
        LOG.info(() -> "closing RTMP connection from " + address() + " (publishing): " + bounded);
      } else {
        refusals.log(LOG, Level.INFO, ctx.channel().remoteAddress(),
            () -> "closing RTMP connection from " + address() + ": " + bounded);
      }
      handshakeDeadline.cancel();
      publishDeadline.cancel();
      conversation.close();
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public String address() {
      return String.valueOf(ctx.channel().remoteAddress());
    }
  }
}
