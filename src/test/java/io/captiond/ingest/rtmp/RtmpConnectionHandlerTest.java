package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The publish conversation, driven on an EmbeddedChannel by {@link EmbeddedClient}. */
class RtmpConnectionHandlerTest {

  private static final byte[] AAC_CONFIG = RtmpVectors.hex("af00 1210");
  private static final byte[] AAC_FRAME = RtmpVectors.hex("af01 21100465");
  private static final byte[] AVC_CONFIG = RtmpVectors.hex("1700000000 0164001eff");
  private static final byte[] AVC_FRAME = RtmpVectors.hex("1701000028 0000000165");

  @Test
  void connectIsAnsweredWithWindowBandwidthChunkSizeAndSuccess() {
    EmbeddedClient client = new EmbeddedClient(new RecordingListener("secret"));
    assertEquals(1 + 2 * 1536, client.handshake().length);
    client.command(0, "connect", null, RtmpVectors.map("app", "live"));
    List<RtmpMessage> replies = client.receive();
    assertEquals(new ControlMessage.WindowAckSize(2_500_000),
        ControlMessage.decode(replies.get(0)));
    assertEquals(new ControlMessage.SetPeerBandwidth(2_500_000, 2),
        ControlMessage.decode(replies.get(1)));
    assertEquals(new ControlMessage.SetChunkSize(4096), ControlMessage.decode(replies.get(2)));
    List<Object> result = client.values(replies.get(3));
    assertEquals("_result", result.get(0));
    assertEquals(1.0, result.get(1));
    assertEquals("NetConnection.Connect.Success", ((Map<?, ?>) result.get(3)).get("code"));
  }

  @Test
  void createStreamIsAnsweredWithStreamOne() {
    EmbeddedClient client = new EmbeddedClient(new RecordingListener("secret"));
    client.connectAndCreateStream();
    List<RtmpMessage> replies = client.receive();
    List<Object> result = client.values(replies.get(replies.size() - 1));
    assertEquals(List.of("_result", 2.0), result.subList(0, 2));
    assertEquals(1.0, result.get(3));
  }

  @Test
  void aRejectedKeyGetsPublishBadNameAndTheConnectionCloses() throws Exception {
    EmbeddedClient client = new EmbeddedClient(new RecordingListener("secret"));
    client.connectAndCreateStream();
    client.receive();
    client.command(1, "publish", null, null, "wrong", "live");
    List<RtmpMessage> replies = client.receive();
    Map<?, ?> info = (Map<?, ?>) client.values(replies.get(0)).get(3);
    assertEquals("NetStream.Publish.BadName", info.get("code"));
    assertEquals("error", info.get("level"));
    assertEquals(1, replies.get(0).streamId());
    client.channel.runPendingTasks();
    assertFalse(client.channel.isOpen());
    assertTrue(client.listener.awaitClosed(1));
    assertTrue(client.listener.closeReason.contains("unknown stream key"));
  }

  @Test
  void aLateDecisionPausesReadingAndThenDecodesWhatArrivedMeanwhile() throws Exception {
    RecordingListener listener = new RecordingListener("secret");
    listener.pending = new java.util.concurrent.CompletableFuture<>();
    EmbeddedClient client = new EmbeddedClient(listener);
    client.connectAndCreateStream();
    client.receive();
    client.command(1, "publish", null, null, "secret", "live");
    client.send(4, RtmpVectors.msg(RtmpMessage.AUDIO, 1, 0, AAC_CONFIG));
    assertTrue(client.receive().isEmpty(), "no answer before the listener decides");
    assertFalse(client.channel.config().isAutoRead(), "reading paused while deciding");
    assertTrue(listener.audio.isEmpty(), "nothing decoded while deciding");

    listener.pending.complete(PublishDecision.accept());
    client.channel.runPendingTasks();
    List<RtmpMessage> replies = client.receive();
    assertEquals("NetStream.Publish.Start",
        ((Map<?, ?>) client.values(replies.get(1)).get(3)).get("code"));
    assertTrue(client.channel.config().isAutoRead(), "reading resumed");
    assertEquals(1, listener.audio.size(), "the audio sent meanwhile is delivered");
  }

  @Test
  void aFailedDecisionRejectsWithItsMessage() throws Exception {
    RecordingListener listener = new RecordingListener("secret");
    listener.pending = new java.util.concurrent.CompletableFuture<>();
    EmbeddedClient client = new EmbeddedClient(listener);
    client.connectAndCreateStream();
    client.receive();
    client.command(1, "publish", null, null, "secret", "live");
    listener.pending.completeExceptionally(new IllegalStateException("registry timed out"));
    client.channel.runPendingTasks();
    Map<?, ?> info = (Map<?, ?>) client.values(client.receive().get(0)).get(3);
    assertEquals("NetStream.Publish.BadName", info.get("code"));
    client.channel.runPendingTasks();
    assertFalse(client.channel.isOpen());
    assertTrue(listener.closeReason.contains("registry timed out"), listener.closeReason);
  }

  @Test
  void anAcceptedPublishDeliversMetaDataAudioAndVideo() throws Exception {
    RecordingListener listener = new RecordingListener("secret");
    EmbeddedClient client = new EmbeddedClient(listener);
    client.connectAndCreateStream();
    client.receive();
    client.command(1, "publish", null, null, "secret", "live");
    List<RtmpMessage> replies = client.receive();
    assertEquals(new UserControl.StreamBegin(1), UserControl.decode(replies.get(0)));
    assertEquals("NetStream.Publish.Start",
        ((Map<?, ?>) client.values(replies.get(1)).get(3)).get("code"));
    assertEquals(List.of("live/secret"), listener.publishes);

    client.send(4, new RtmpMessage(RtmpMessage.DATA_AMF0, 1, 0, Amf0Encoder.encodeAll(
        "@setDataFrame", "onMetaData", new Amf0.EcmaArray(RtmpVectors.map("width", 320.0)))));
    client.send(4, RtmpVectors.msg(RtmpMessage.AUDIO, 1, 0, AAC_CONFIG));
    client.send(4, RtmpVectors.msg(RtmpMessage.AUDIO, 1, 23, AAC_FRAME));
    client.send(6, RtmpVectors.msg(RtmpMessage.VIDEO, 1, 0, AVC_CONFIG));
    client.send(6, RtmpVectors.msg(RtmpMessage.VIDEO, 1, 40, AVC_FRAME));
    assertEquals(320.0, listener.metaData.get(0).get("width"));
    assertEquals(AudioPacket.Type.SEQUENCE_HEADER, listener.audio.get(0).type());
    assertEquals(23, listener.audio.get(1).timestamp());
    VideoPacket frame = listener.video.get(1);
    assertTrue(frame.keyframe());
    assertEquals(40, frame.compositionTime());
    assertEquals(80, frame.presentationTime());

    client.command(0, "FCUnpublish", null, null, "secret");
    client.channel.close();
    assertTrue(listener.awaitClosed(1));
    assertEquals(List.of("publish", "unpublish", "closed"), listener.events);
    client.channel.checkException();
  }

  @Test
  void gstreamersDeleteStreamWithTheStreamNameEndsThePublishWithoutAProtocolError() {
    RecordingListener listener = new RecordingListener("secret");
    EmbeddedClient client = new EmbeddedClient(listener);
    client.connectAndCreateStream();
    client.command(1, "publish", null, null, "secret", "live");
    client.receive();
    client.command(0, "FCUnpublish", null, null, "secret");
    client.command(0, "deleteStream", null, null, "secret");
    List<RtmpMessage> replies = client.receive();
    assertEquals("NetStream.Unpublish.Success",
        ((Map<?, ?>) client.values(replies.get(0)).get(3)).get("code"));
    client.channel.runPendingTasks();
    assertTrue(client.channel.isOpen(), "the publisher closes, not the server");
    client.channel.close();
    assertEquals(List.of("publish", "unpublish", "closed"), listener.events);
    assertEquals("peer closed the connection", listener.closeReason);
    client.channel.checkException();
  }

  @Test
  void pingRequestsAreAnswered() {
    EmbeddedClient client = new EmbeddedClient(new RecordingListener("secret"));
    client.connectAndCreateStream();
    client.receive();
    client.send(2, new UserControl.PingRequest(4242).toMessage());
    assertEquals(new UserControl.PingResponse(4242), UserControl.decode(client.receive().get(0)));
  }

  @Test
  void bytesAreAcknowledgedPerThePeersWindow() {
    EmbeddedClient client = new EmbeddedClient(new RecordingListener("secret"));
    client.connectAndCreateStream();
    client.send(2, new ControlMessage.WindowAckSize(5000).toMessage());
    client.receive();
    client.command(1, "publish", null, null, "secret", "live");
    client.receive();
    for (int i = 0; i < 3; i++) {
      client.send(4, RtmpVectors.msg(RtmpMessage.AUDIO, 1, i, RtmpVectors.concat(AAC_FRAME,
          new byte[1000])));
    }
    List<RtmpMessage> acks = client.receive().stream()
        .filter(m -> m.typeId() == RtmpMessage.ACKNOWLEDGEMENT).toList();
    assertEquals(1, acks.size());
    long sequence = ((ControlMessage.Acknowledgement) ControlMessage.decode(acks.get(0)))
        .sequenceNumber();
    assertTrue(sequence >= 5000 && sequence < 7000, "acknowledged " + sequence);
  }

  @Test
  void mediaBeforePublishClosesTheConnection() {
    RecordingListener listener = new RecordingListener("secret");
    EmbeddedClient client = new EmbeddedClient(listener);
    client.connectAndCreateStream();
    client.send(4, RtmpVectors.msg(RtmpMessage.AUDIO, 1, 0, AAC_FRAME));
    client.channel.runPendingTasks();
    assertFalse(client.channel.isOpen());
    assertTrue(listener.closeReason.startsWith("ProtocolException"), listener.closeReason);
    client.channel.checkException();
  }

  @Test
  void aFailingListenerClosesOnlyItsConnection() {
    RecordingListener listener = new RecordingListener("secret") {
      @Override
      public void onAudio(AudioPacket packet) {
        throw new IllegalStateException("listener bug");
      }
    };
    EmbeddedClient client = new EmbeddedClient(listener);
    client.connectAndCreateStream();
    client.command(1, "publish", null, null, "secret", "live");
    client.send(4, RtmpVectors.msg(RtmpMessage.AUDIO, 1, 0, AAC_CONFIG));
    client.channel.runPendingTasks();
    assertFalse(client.channel.isOpen());
    assertTrue(listener.closeReason.contains("listener bug"), listener.closeReason);
    assertEquals(List.of("publish", "unpublish", "closed"), listener.events);
    client.channel.checkException();
  }

  @Test
  void anIncompleteHandshakeTimesOut() {
    RecordingListener listener = new RecordingListener("secret");
    RtmpSettings config = RtmpSettings.builder().handshakeTimeout(Duration.ofSeconds(2)).build();
    EmbeddedClient client = new EmbeddedClient(config, listener);
    client.channel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {3, 0, 0}));
    client.channel.advanceTimeBy(3, TimeUnit.SECONDS);
    client.channel.runScheduledPendingTasks();
    client.channel.runPendingTasks();
    assertFalse(client.channel.isOpen());
    assertTrue(listener.closeReason.contains("handshake not completed within 2000 ms"),
        listener.closeReason);
  }

  @Test
  void anIdleConnectionIsClosed() {
    RecordingListener listener = new RecordingListener("secret");
    EmbeddedClient client = new EmbeddedClient(listener);
    client.connectAndCreateStream();
    client.channel.pipeline().fireUserEventTriggered(
        io.netty.handler.timeout.IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
    client.channel.runPendingTasks();
    assertFalse(client.channel.isOpen());
    assertEquals("no data for 30000 ms", listener.closeReason);
  }

  @Test
  void garbageInsteadOfAHandshakeClosesWithTheReason() {
    RecordingListener listener = new RecordingListener("secret");
    EmbeddedClient client = new EmbeddedClient(listener);
    client.channel.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(
        "GET / HTTP/1.1\r\n\r\n".getBytes()));
    client.channel.runPendingTasks();
    assertFalse(client.channel.isOpen());
    assertTrue(listener.closeReason.contains("HandshakeException: C0 version byte is 71"),
        listener.closeReason);
    client.channel.checkException();
  }
}
