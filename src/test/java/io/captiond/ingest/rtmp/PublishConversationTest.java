package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The publish conversation alone, without Netty: typed commands in, replies and state out. The
 * command orders are those FFmpeg, OBS and GStreamer's rtmp2sink send.
 */
class PublishConversationTest {

  private static final byte[] AAC_CONFIG = RtmpVectors.hex("af00 1210");

  /** Records what the conversation asks of its connection. */
  static final class RecordingPeer implements PublishConversation.Peer {
    final List<Integer> chunkStreams = new ArrayList<>();
    final List<RtmpMessage> sent = new ArrayList<>();
    CompletionStage<PublishDecision> awaited;
    String closeReason;

    @Override
    public void send(int chunkStreamId, RtmpMessage message) {
      chunkStreams.add(chunkStreamId);
      sent.add(message);
    }

    @Override
    public void awaitDecision(CompletionStage<PublishDecision> decision) {
      awaited = decision;
    }

    @Override
    public void close(String reason) {
      closeReason = reason;
    }

    @Override
    public String address() {
      return "/192.0.2.1:50000";
    }

    /** The AMF0 values of every command sent since the last call. */
    List<List<Object>> commands() {
      List<List<Object>> out = new ArrayList<>();
      for (RtmpMessage m : sent) {
        if (m.typeId() == RtmpMessage.COMMAND_AMF0) {
          out.add(new Amf0Decoder(8).decodeAll(m.payload()));
        }
      }
      sent.clear();
      chunkStreams.clear();
      return out;
    }
  }

  private final RecordingListener listener = new RecordingListener("secret");
  private final RecordingPeer peer = new RecordingPeer();
  private final PublishConversation conversation =
      new PublishConversation(RtmpSettings.defaults(), listener, peer);
  private double transactionId = 1;

  private void command(int streamId, Object... nameAndArguments) {
    List<Object> values = new ArrayList<>();
    values.add(nameAndArguments[0]);
    values.add(transactionId++);
    values.add(null);
    values.addAll(Arrays.asList(nameAndArguments).subList(1, nameAndArguments.length));
    conversation.receive(new Message.CommandMessage(streamId, Command.parse(values)));
  }

  private void connect() {
    conversation.receive(new Message.CommandMessage(0, new Command.Connect(transactionId++,
        RtmpVectors.map("app", "live"))));
  }

  /** connect, releaseStream, FCPublish, createStream, publish: what FFmpeg sends. */
  private void publish() {
    connect();
    command(0, "releaseStream", "secret");
    command(0, "FCPublish", "secret");
    command(0, "createStream");
    command(1, "publish", "secret", "live");
    peer.commands();
  }

  private static Object code(List<Object> command) {
    return ((Map<?, ?>) command.get(3)).get("code");
  }

  @Test
  void connectIsAnsweredWithWindowBandwidthChunkSizeAndSuccess() {
    connect();
    assertEquals(PublishConversation.State.CONNECTED, conversation.state());
    assertEquals(List.of(2, 2, 2, 3), peer.chunkStreams);
    assertEquals(new ControlMessage.WindowAckSize(2_500_000),
        ControlMessage.decode(peer.sent.get(0)));
    assertEquals(new ControlMessage.SetPeerBandwidth(2_500_000, 2),
        ControlMessage.decode(peer.sent.get(1)));
    assertEquals(new ControlMessage.SetChunkSize(4096), ControlMessage.decode(peer.sent.get(2)));
    List<Object> result = peer.commands().get(0);
    assertEquals(List.of("_result", 1.0), result.subList(0, 2));
    assertEquals("NetConnection.Connect.Success", code(result));
  }

  @Test
  void anyCommandBeforeConnectIsAProtocolError() {
    ProtocolException e = assertThrows(ProtocolException.class, () -> command(0, "createStream"));
    assertEquals("createStream before connect", e.getMessage());
  }

  @Test
  void aSecondConnectIsAProtocolError() {
    connect();
    assertThrows(ProtocolException.class, this::connect);
  }

  @Test
  void theFfmpegPublishSequenceGetsTheRepliesFfmpegExpects() {
    connect();
    peer.commands();
    command(0, "releaseStream", "secret");
    assertTrue(peer.commands().isEmpty(), "releaseStream is not answered");
    command(0, "FCPublish", "secret");
    List<Object> onFcPublish = peer.commands().get(0);
    assertEquals("onFCPublish", onFcPublish.get(0));
    assertEquals("NetStream.Publish.Start", code(onFcPublish));
    command(0, "createStream");
    List<Object> created = peer.commands().get(0);
    assertEquals(Arrays.asList("_result", 4.0, null, 1.0), created);
    command(1, "publish", "secret", "live");
    assertEquals(new UserControl.StreamBegin(1), UserControl.decode(peer.sent.get(0)));
    assertEquals(1, peer.sent.get(1).streamId());
    assertEquals(5, peer.chunkStreams.get(1));
    assertEquals("NetStream.Publish.Start", code(peer.commands().get(0)));
    assertEquals(PublishConversation.State.PUBLISHING, conversation.state());
    assertEquals(List.of("live/secret"), listener.publishes);
  }

  @Test
  void publishOnAStreamCreateStreamDidNotCreateIsAProtocolError() {
    connect();
    command(0, "createStream");
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> command(2, "publish", "secret", "live"));
    assertTrue(e.getMessage().contains("message stream 2"), e.getMessage());
  }

  @Test
  void createStreamIsLimitedPerConnection() {
    connect();
    for (int i = 0; i < PublishConversation.MAX_STREAMS; i++) {
      command(0, "createStream");
    }
    assertThrows(ProtocolException.class, () -> command(0, "createStream"));
  }

  @Test
  void aRejectedKeyGetsBadNameAndClosesTheConnection() {
    connect();
    command(0, "createStream");
    peer.commands();
    command(1, "publish", "wrong", "live");
    assertEquals("NetStream.Publish.BadName", code(peer.commands().get(0)));
    assertTrue(peer.closeReason.contains("unknown stream key"), peer.closeReason);
  }

  @Test
  void aLateDecisionStopsTheConversationUntilItIsGiven() {
    listener.pending = new CompletableFuture<>();
    connect();
    command(0, "createStream");
    peer.commands();
    command(1, "publish", "secret", "live");
    assertNotNull(peer.awaited);
    assertTrue(conversation.awaitingDecision());
    assertFalse(conversation.acceptsMessages());
    assertTrue(peer.sent.isEmpty(), "no answer before the decision");

    conversation.decided(PublishDecision.accept(), null);
    assertEquals(PublishConversation.State.PUBLISHING, conversation.state());
    assertEquals("NetStream.Publish.Start", code(peer.commands().get(0)));
    conversation.decided(PublishDecision.reject("too late"), null);
    assertEquals(PublishConversation.State.PUBLISHING, conversation.state(),
        "a second answer is ignored");
  }

  @Test
  void aFailedDecisionRejectsWithItsMessage() {
    listener.pending = new CompletableFuture<>();
    connect();
    command(0, "createStream");
    command(1, "publish", "secret", "live");
    peer.commands();
    conversation.decided(null, new IllegalStateException("registry timed out"));
    assertEquals("NetStream.Publish.BadName", code(peer.commands().get(0)));
    assertTrue(peer.closeReason.contains("registry timed out"), peer.closeReason);
  }

  @Test
  void setDataFrameMetaDataReachesTheListenerOnlyOncePublishing() {
    Message.Data metaData = new Message.Data(1, List.of("@setDataFrame", "onMetaData",
        new Amf0.EcmaArray(RtmpVectors.map("width", 320.0))));
    connect();
    conversation.receive(metaData);
    assertTrue(listener.metaData.isEmpty(), "ignored before publish");
    command(0, "createStream");
    command(1, "publish", "secret", "live");
    conversation.receive(metaData);
    assertEquals(320.0, listener.metaData.get(0).get("width"));
  }

  @Test
  void mediaReachesTheListenerOnlyOnThePublishingStream() {
    connect();
    Message.Audio early = new Message.Audio(1, FlvTags.audio(0, AAC_CONFIG));
    assertThrows(ProtocolException.class, () -> conversation.receive(early));
    command(0, "createStream");
    command(1, "publish", "secret", "live");
    conversation.receive(early);
    assertEquals(1, listener.audio.size());
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> conversation.receive(new Message.Audio(2, FlvTags.audio(0, AAC_CONFIG))));
    assertTrue(e.getMessage().contains("stream 2 but publishing on 1"), e.getMessage());
  }

  @Test
  void pingRequestsAreAnswered() {
    conversation.receive(new Message.UserEvent(new UserControl.PingRequest(4242)));
    assertEquals(new UserControl.PingResponse(4242), UserControl.decode(peer.sent.get(0)));
  }

  @Test
  void unhandledMessageTypesAreIgnored() {
    publish();
    conversation.receive(new Message.Unhandled(RtmpMessage.AGGREGATE, 1));
    assertTrue(peer.sent.isEmpty());
    assertEquals(PublishConversation.State.PUBLISHING, conversation.state());
  }

  /** Ends the publish with one command, then checks the graceful ending: answered, not closed. */
  private void assertEndsThePublishGracefully(Runnable ending) {
    publish();
    ending.run();
    assertEquals(PublishConversation.State.CONNECTED, conversation.state());
    assertEquals(List.of("publish", "unpublish"), listener.events);
    List<List<Object>> replies = peer.commands();
    assertEquals(1, replies.size());
    assertEquals("NetStream.Unpublish.Success", code(replies.get(0)));
    assertNull(peer.closeReason, "the connection is not closed by the conversation");
    conversation.closed("peer closed the connection");
    assertEquals(List.of("publish", "unpublish", "closed"), listener.events);
  }

  @Test
  void fcUnpublishWithTheStreamNameEndsThePublish() {
    assertEndsThePublishGracefully(() -> command(0, "FCUnpublish", "secret"));
  }

  @Test
  void fcUnpublishWithANumberEndsThePublish() {
    assertEndsThePublishGracefully(() -> command(0, "FCUnpublish", 1.0));
  }

  @Test
  void fcUnpublishWithoutAnArgumentEndsThePublish() {
    assertEndsThePublishGracefully(() -> command(0, "FCUnpublish"));
  }

  @Test
  void deleteStreamWithThePublishingStreamIdEndsThePublish() {
    assertEndsThePublishGracefully(() -> command(0, "deleteStream", 1.0));
  }

  @Test
  void deleteStreamWithTheStreamNameAsGStreamerSendsItEndsThePublish() {
    assertEndsThePublishGracefully(() -> command(0, "deleteStream", "secret"));
  }

  @Test
  void deleteStreamWithoutAnIdEndsThePublish() {
    assertEndsThePublishGracefully(() -> command(0, "deleteStream"));
  }

  @Test
  void deleteStreamWithANullIdEndsThePublish() {
    assertEndsThePublishGracefully(() -> command(0, "deleteStream", (Object) null));
  }

  @Test
  void closeStreamEndsThePublish() {
    assertEndsThePublishGracefully(() -> command(1, "closeStream"));
  }

  @Test
  void fcUnpublishThenDeleteStreamEndTheSamePublishOnce() {
    assertEndsThePublishGracefully(() -> {
      command(0, "FCUnpublish", "secret");
      command(0, "deleteStream", "secret");
    });
  }

  @Test
  void deleteStreamOfAnotherStreamLeavesThePublishRunning() {
    publish();
    command(0, "deleteStream", 2.0);
    assertEquals(PublishConversation.State.PUBLISHING, conversation.state());
    assertEquals(List.of("publish"), listener.events);
  }

  @Test
  void aPublishEndedByItsPublisherCanStartAgain() {
    publish();
    command(0, "FCUnpublish", "secret");
    command(1, "publish", "secret", "live");
    assertEquals(PublishConversation.State.PUBLISHING, conversation.state());
    assertEquals(List.of("live/secret", "live/secret"), listener.publishes);
  }

  @Test
  void closingWhilePublishingReportsTheUnpublishOnceAndTheCloseOnce() {
    publish();
    conversation.close();
    conversation.close();
    conversation.closed("idle");
    conversation.closed("idle again");
    assertTrue(conversation.isClosed());
    assertEquals(List.of("publish", "unpublish", "closed"), listener.events);
    assertEquals("idle", listener.closeReason);
  }

  @Test
  void aFailingListenerOnCloseDoesNotEscape() {
    RecordingListener failing = new RecordingListener("secret") {
      @Override
      public void onClosed(String reason) {
        throw new IllegalStateException("listener bug");
      }
    };
    new PublishConversation(RtmpSettings.defaults(), failing, peer).closed("bye");
  }
}
