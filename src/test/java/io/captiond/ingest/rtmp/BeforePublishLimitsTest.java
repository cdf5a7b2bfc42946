package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a peer may cost before its publish is granted: small messages, a deadline to publish, and a
 * share of one budget for partly received messages that all connections draw on.
 */
class BeforePublishLimitsTest {

  private static ByteBuf header(int chunkStream, int length) {
    return Unpooled.wrappedBuffer(RtmpVectors.hex(String.format("%02x 000000 %06x 14 00000000",
        chunkStream, length)));
  }

  /** A message header and its first chunk of 128 bytes. */
  private static ByteBuf firstChunk(int chunkStream, int length) {
    return Unpooled.wrappedBuffer(header(chunkStream, length), Unpooled.wrappedBuffer(new byte[128]));
  }

  @Test
  void aMessageLongerThanThePrePublishLimitIsRejected() {
    RtmpSettings settings = RtmpSettings.defaults();
    ChunkDecoder decoder = ChunkDecoder.beforePublish(settings, PendingBudget.unbounded());
    ChunkException e = assertThrows(ChunkException.class,
        () -> decoder.decode(header(3, 65 * 1024)));
    assertTrue(e.getMessage().contains("announces 66560 bytes; limit 65536"), e.getMessage());
  }

  @Test
  void aGrantedPublishMayAnnounceFullSizeMessages() {
    ChunkDecoder decoder = ChunkDecoder.beforePublish(RtmpSettings.defaults(),
        PendingBudget.unbounded());
    decoder.allowMessagesUpTo(RtmpSettings.defaults().maxMessageLength());
    assertEquals(null, decoder.decode(header(3, 1 << 20)), "a 1 MiB message is started");
  }

  @Test
  void partlyReceivedMessagesOfAllConnectionsShareOneBudget() {
    PendingBudget budget = new PendingBudget(10_000);
    ChunkDecoder first = new ChunkDecoder(128, 8000, 100_000, 16, budget);
    ChunkDecoder second = new ChunkDecoder(128, 8000, 100_000, 16, budget);
    assertEquals(null, first.decode(firstChunk(3, 8000)));
    assertTrue(budget.held() >= 4096, "the first connection holds " + budget.held());
    assertEquals(null, second.decode(firstChunk(3, 4000)));
    ChunkException e = assertThrows(ChunkException.class, () -> second.decode(firstChunk(4, 4000)));
    assertTrue(e.getMessage().contains("all connections") && e.getMessage().contains("10000"),
        e.getMessage());
    first.release();
    second.release();
    assertEquals(0, budget.held(), "a closed connection gives back what it held");
  }

  @Test
  void aCompletedMessageGivesItsBytesBack() {
    PendingBudget budget = new PendingBudget(10_000);
    ChunkDecoder decoder = new ChunkDecoder(128, 8000, 100_000, 16, budget);
    ByteBuf in = Unpooled.buffer();
    in.writeBytes(header(3, 100));
    in.writeBytes(new byte[100]);
    assertNotNull(decoder.decode(in));
    assertEquals(0, budget.held());
  }

  @Test
  void aPeerThatDoesNotPublishInTimeIsClosed() {
    RecordingListener listener = new RecordingListener("secret");
    RtmpSettings config = RtmpSettings.builder().publishTimeout(Duration.ofSeconds(3)).build();
    EmbeddedClient client = new EmbeddedClient(config, listener);
    client.connectAndCreateStream();
    client.channel.advanceTimeBy(4, TimeUnit.SECONDS);
    client.channel.runScheduledPendingTasks();
    client.channel.runPendingTasks();
    assertFalse(client.channel.isOpen());
    assertTrue(listener.closeReason.contains("no publish granted within 3000 ms"),
        listener.closeReason);
  }

  @Test
  void aPublisherIsNotClosedByThePublishDeadline() {
    RecordingListener listener = new RecordingListener("secret");
    RtmpSettings config = RtmpSettings.builder().publishTimeout(Duration.ofSeconds(3)).build();
    EmbeddedClient client = new EmbeddedClient(config, listener);
    client.connectAndCreateStream();
    client.command(1, "publish", null, null, "secret", "live");
    client.channel.runPendingTasks();
    client.channel.advanceTimeBy(4, TimeUnit.SECONDS);
    client.channel.runScheduledPendingTasks();
    assertTrue(client.channel.isOpen());
    // after the grant a message of 1 MiB (a key frame) is fine
    client.send(6, new RtmpMessage(RtmpMessage.VIDEO, 1, 0,
        RtmpVectors.concat(RtmpVectors.hex("1701000000"), new byte[1 << 20])));
    client.channel.runPendingTasks();
    assertTrue(client.channel.isOpen(), String.valueOf(listener.closeReason));
  }

  @Test
  void garbageTruncationAndOversizeBeforePublishOnlyCloseTheConnection() {
    Random random = new Random(11);
    PendingBudget budget = new PendingBudget(RtmpSettings.defaults().maxPendingBytesTotal());
    for (int round = 0; round < 300; round++) {
      RecordingListener listener = new RecordingListener("secret");
      io.netty.channel.embedded.EmbeddedChannel channel = new io.netty.channel.embedded.EmbeddedChannel(
          new RtmpConnectionHandler(RtmpSettings.defaults(), listener, new RefusalLog(), budget));
      channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {3},
          HandshakeDecoderTest.plainC1(round), new byte[1536]));
      byte[] garbage = new byte[random.nextInt(3 * 65536)];
      random.nextBytes(garbage);
      if (round % 3 == 0) {
        garbage = RtmpVectors.concat(RtmpVectors.hex("03 000000 ffffff 14 00000000"), garbage);
      }
      channel.writeInbound(Unpooled.wrappedBuffer(garbage, 0, round % 2 == 0
          ? garbage.length : garbage.length / 2));
      channel.runPendingTasks();
      channel.close();
      channel.runPendingTasks();
    }
    assertEquals(0, budget.held(), "every closed connection gave its pending bytes back");
  }
}
