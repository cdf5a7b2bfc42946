package io.captiond.ingest.rtmp;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server side of one publisher's NetConnection/NetStream conversation (RTMP 1.0 section 7.2;
 * the exchange of section 7.3.2 "Publish Recorded Video", with the FMS commands releaseStream,
 * FCPublish and FCUnpublish that FFmpeg and OBS add): typed {@link Message}s in, replies out
 * through a {@link Peer}, media and metadata to the {@link PublishListener}. It does no I/O and
 * keeps no timers; the connection that owns it calls it on one thread.
 *
 * <pre>
 * AWAIT_CONNECT --connect--> CONNECTED --publish--> AWAIT_DECISION --accept--> PUBLISHING
 *                                ^                        |reject: closed          |
 *                                +------ FCUnpublish, deleteStream, closeStream ---+
 * any state --close--> CLOSED
 * </pre>
 */
public final class PublishConversation {

  private static final Logger LOG = Logger.getLogger(PublishConversation.class.getName());
  static final int COMMAND_CHUNK_STREAM = 3;
  static final int STREAM_COMMAND_CHUNK_STREAM = 5;
  /** Message streams one connection may create; a publisher needs one. */
  static final int MAX_STREAMS = 8;
  /** The most of one log line or close reason, whatever peer text it quotes. */
  static final int LOG_LINE_CHARS = 512;

  /** AWAIT_DECISION: the listener is deciding a publish; the connection reads nothing meanwhile. */
  public enum State { AWAIT_CONNECT, CONNECTED, AWAIT_DECISION, PUBLISHING, CLOSED }

  /** What the conversation needs from the connection it runs on. */
  public interface Peer {

    /** Sends a message on a chunk stream; a Set Chunk Size applies to the messages after it. */
    void send(int chunkStreamId, RtmpMessage message);

    /**
     * Stops reading until {@code decision} completes, then calls {@link #decided} on the
     * conversation's thread and reads what arrived meanwhile.
     */
    void awaitDecision(CompletionStage<PublishDecision> decision);

    /** Ends the connection, once what was sent is flushed; {@link #close} follows from it. */
    void close(String reason);

    /** The remote address, for logs. */
    String address();
  }

  private final RtmpSettings settings;
  private final PublishListener listener;
  private final Peer peer;
  private final Set<String> reportedCodecs = new HashSet<>();
  private State state = State.AWAIT_CONNECT;
  private String app;
  private String streamKey;
  private int publishStreamId;
  private int nextStreamId = 1;
  private boolean closedReported;

  public PublishConversation(RtmpSettings settings, PublishListener listener, Peer peer) {
    this.settings = settings;
    this.listener = listener;
    this.peer = peer;
  }

  public State state() {
    return state;
  }

  public boolean isClosed() {
    return state == State.CLOSED;
  }

  public boolean awaitingDecision() {
    return state == State.AWAIT_DECISION;
  }

  /** Whether the next message may be fed: not while a publish is being decided, not once closed. */
  public boolean acceptsMessages() {
    return state != State.CLOSED && state != State.AWAIT_DECISION;
  }

  /** Handles one message; throws an {@link RtmpException} for one the conversation forbids. */
  public void receive(Message message) {
    if (message instanceof Message.CommandMessage command) {
      command(command.streamId(), command.command());
    } else if (message instanceof Message.Data data) {
      data(data);
    } else if (message instanceof Message.Audio audio) {
      media(RtmpMessage.AUDIO, audio.streamId(), audio.media());
    } else if (message instanceof Message.Video video) {
      media(RtmpMessage.VIDEO, video.streamId(), video.media());
    } else if (message instanceof Message.UserEvent event
        && event.event() instanceof UserControl.PingRequest ping) {
      peer.send(ControlMessage.CHUNK_STREAM_ID,
          new UserControl.PingResponse(ping.timestamp()).toMessage());
    } else if (message instanceof Message.Unhandled unhandled) {
      LOG.fine(() -> "ignoring RTMP message type " + unhandled.typeId());
    }
    // Control messages: the chunk layer applies Set Chunk Size and Abort, the connection the
    // acknowledgement window; none is answered.
  }

  private void command(int streamId, Command command) {
    if (state == State.AWAIT_CONNECT && !(command instanceof Command.Connect)) {
      throw new ProtocolException(PeerText.name(command.name()) + " before connect");
    }
    if (command instanceof Command.Connect connect) {
      connect(connect);
    } else if (command instanceof Command.CreateStream create) {
      if (nextStreamId > MAX_STREAMS) {
        throw new ProtocolException("createStream number " + nextStreamId + "; limit "
            + MAX_STREAMS + " per connection");
      }
      peer.send(COMMAND_CHUNK_STREAM, Replies.message(0,
          Replies.createStreamResult(create.transactionId(), nextStreamId++)));
    } else if (command instanceof Command.FCPublish fcPublish) {
      peer.send(COMMAND_CHUNK_STREAM, Replies.message(0,
          Replies.onFCPublish(fcPublish.streamName())));
    } else if (command instanceof Command.Publish publish) {
      publish(streamId, publish);
    } else if (endsThePublish(command)) {
      unpublish();
    } else {
      LOG.fine(() -> "ignoring RTMP command " + PeerText.name(command.name()));
    }
  }

  /**
   * FCUnpublish and closeStream end it whatever they carry. deleteStream ends it when its number is
   * the publishing stream's; a deleteStream with a name (GStreamer's rtmp2sink sends the stream
   * name) or with nothing can only mean this connection's one publish.
   */
  private boolean endsThePublish(Command command) {
    if (command instanceof Command.DeleteStream delete) {
      return delete.streamId().isEmpty() || delete.streamId().getAsDouble() == publishStreamId;
    }
    return command instanceof Command.FCUnpublish
        || command instanceof Command.Other other && other.name().equals("closeStream");
  }

  private void connect(Command.Connect connect) {
    if (state != State.AWAIT_CONNECT) {
      throw new ProtocolException("connect received a second time");
    }
    if (connect.app() == null) {
      throw new ProtocolException("connect command object has no app string: "
          + PeerText.names(connect.properties().keySet()));
    }
    app = connect.app();
    state = State.CONNECTED;
    int control = ControlMessage.CHUNK_STREAM_ID;
    peer.send(control, new ControlMessage.WindowAckSize(settings.windowAckSize()).toMessage());
    peer.send(control, new ControlMessage.SetPeerBandwidth(settings.peerBandwidth(),
        ControlMessage.SetPeerBandwidth.DYNAMIC).toMessage());
    peer.send(control, new ControlMessage.SetChunkSize(settings.outgoingChunkSize()).toMessage());
    peer.send(COMMAND_CHUNK_STREAM, Replies.message(0,
        Replies.connectResult(connect.transactionId())));
  }

  private void publish(int streamId, Command.Publish publish) {
    if (state != State.CONNECTED) {
      throw new ProtocolException("publish while " + state);
    }
    if (streamId < 1 || streamId >= nextStreamId) {
      throw new ProtocolException("publish on message stream " + streamId
          + ", which createStream did not create (created 1.." + (nextStreamId - 1) + ")");
    }
    streamKey = publish.streamKey();
    publishStreamId = streamId;
    CompletableFuture<PublishDecision> decision =
        listener.onPublish(app, streamKey).toCompletableFuture();
    if (decision.isDone()) {
      answer(decision.getNow(null), null);
      return;
    }
    // The listener answers later (an event-bus round trip). Section 7.3.2: media follows
    // NetStream.Publish.Start, so nothing more is read until the answer is given.
    state = State.AWAIT_DECISION;
    peer.awaitDecision(decision);
  }

  /** The awaited answer to a publish; ignored unless one is awaited (the peer may have left). */
  public void decided(PublishDecision decision, Throwable error) {
    if (state != State.AWAIT_DECISION) {
      return;
    }
    state = State.CONNECTED;
    answer(decision, error);
  }

  private void answer(PublishDecision decision, Throwable error) {
    if (error != null || decision == null) {
      decision = PublishDecision.reject("publish could not be authorized: "
          + (error == null ? "no decision" : error.getMessage()));
    }
    if (decision instanceof PublishDecision.Reject reject) {
      peer.send(STREAM_COMMAND_CHUNK_STREAM, Replies.message(publishStreamId,
          Replies.publishBadName(streamKey, reject.reason())));
      peer.close("publish in app " + PeerText.quote(app) + " rejected: " + reject.reason());
      return;
    }
    state = State.PUBLISHING;
    peer.send(ControlMessage.CHUNK_STREAM_ID,
        new UserControl.StreamBegin(publishStreamId).toMessage());
    peer.send(STREAM_COMMAND_CHUNK_STREAM, Replies.message(publishStreamId,
        Replies.publishStart(streamKey)));
    LOG.info(() -> "RTMP publish started in app " + PeerText.quote(app) + " from " + peer.address());
  }

  private void unpublish() {
    if (state != State.PUBLISHING) {
      return;
    }
    state = State.CONNECTED;
    listener.onUnpublish();
    peer.send(STREAM_COMMAND_CHUNK_STREAM, Replies.message(publishStreamId,
        Replies.unpublishSuccess(streamKey)));
  }

  private void data(Message.Data data) {
    if (state != State.PUBLISHING) {
      LOG.fine("ignoring a data message before publish");
      return;
    }
    data.metaData().ifPresent(meta -> listener.onMetaData(meta.properties()));
  }

  private void media(int typeId, int streamId, Media media) {
    if (state != State.PUBLISHING) {
      throw new ProtocolException("media message type " + typeId + " while " + state
          + "; media may only follow an accepted publish");
    }
    if (streamId != publishStreamId) {
      throw new ProtocolException("media on message stream " + streamId
          + " but publishing on " + publishStreamId);
    }
    if (media instanceof AudioPacket audio) {
      listener.onAudio(audio);
    } else if (media instanceof VideoPacket video) {
      listener.onVideo(video);
    } else if (media instanceof UnsupportedCodec codec
        && reportedCodecs.add(codec.track() + "/" + codec.codec())) {
      LOG.info(() -> PeerText.line("RTMP publisher in app " + PeerText.quote(app) + " sends unsupported "
          + codec.track() + " codec " + PeerText.name(codec.codec()) + " (" + codec.description() + ")",
          LOG_LINE_CHARS));
      listener.onUnsupportedCodec(codec);
    }
  }

  /** Ends the conversation; a publish in progress is reported ended. Idempotent. */
  public void close() {
    boolean wasPublishing = state == State.PUBLISHING;
    state = State.CLOSED;
    if (wasPublishing) {
      notifyListener(listener::onUnpublish);
    }
  }

  /** The connection is gone: ends the conversation and tells the listener why, exactly once. */
  public void closed(String reason) {
    close();
    if (!closedReported) {
      closedReported = true;
      notifyListener(() -> listener.onClosed(reason));
    }
  }

  private static void notifyListener(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "RTMP publish listener failed", e);
    }
  }
}
