package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutations of the table in {@link RtmpVectors} (and of a whole publish conversation) may only end
 * in one of this package's exceptions or in "need more data"; never another exception, never a
 * hang, never an allocation beyond the configured limits. Seeded, so every run is the same run.
 */
class FuzzTest {

  private static final int ROUNDS = 3000;
  private final Random random = new Random(20261128);

  @Test
  void mutatedChunkStreamsOnlyRaiseRtmpExceptions() {
    for (RtmpVectors.ChunkCase seed : RtmpVectors.CHUNKS) {
      for (int i = 0; i < ROUNDS; i++) {
        byte[] input = mutate(seed.bytes());
        runGuarded(input, () -> decodeChunksAndParse(input));
      }
    }
  }

  @Test
  void mutatedAmfOnlyRaisesAmf0Exceptions() {
    for (RtmpVectors.AmfCase seed : RtmpVectors.AMF) {
      int rounds = seed.bytes().length > 10_000 ? 50 : ROUNDS;
      for (int i = 0; i < rounds; i++) {
        byte[] input = mutate(seed.bytes());
        try {
          List<Object> values = new Amf0Decoder(8).decodeAll(input);
          Command.parse(values);
        } catch (RtmpException expected) {
          // Amf0Exception from the decoder, ProtocolException from Command.parse
        } catch (Throwable t) {
          fail("AMF0 input " + HexFormat.of().formatHex(input) + " raised " + t, t);
        }
      }
    }
  }

  @Test
  void mutatedHandshakesOnlyRaiseHandshakeExceptions() {
    byte[] seed = RtmpVectors.concat(new byte[] {3},
        HandshakeDecoderTest.digestC1(HandshakeDigest.Scheme.SCHEME_0, 1), new byte[1536]);
    for (int i = 0; i < 300; i++) {
      byte[] input = mutate(seed);
      runGuarded(input, () -> {
        HandshakeDecoder decoder = new HandshakeDecoder();
        for (ByteBuf piece : split(input)) {
          decoder.decode(piece);
        }
      });
    }
  }

  @Test
  void theUnmutatedConversationSeedPublishesCleanly() {
    RecordingListener listener = new RecordingListener("secret");
    EmbeddedChannel channel = new EmbeddedChannel(
        new RtmpConnectionHandler(RtmpSettings.defaults(), listener, new RefusalLog()));
    channel.writeInbound(Unpooled.wrappedBuffer(conversation()));
    assertEquals(2, listener.audio.size());
    assertEquals(2, listener.video.size());
    assertEquals(1, listener.metaData.size());
    channel.close();
    assertEquals(List.of("publish", "unpublish", "closed"), listener.events);
    assertEquals("peer closed the connection", listener.closeReason);
  }

  @Test
  void mutatedPublishConversationsNeverEscapeTheConnectionHandler() {
    byte[] seed = conversation();
    int handshakeLength = 1 + 2 * 1536;
    RtmpSettings config = RtmpSettings.builder().maxMessageLength(4096).maxPendingBytes(8192)
        .maxChunkStreams(8).maxIncomingChunkSize(65536).build();
    java.util.Map<String, Integer> reasons = new java.util.TreeMap<>();
    for (int i = 0; i < 1500; i++) {
      byte[] tail = mutate(Arrays.copyOfRange(seed, handshakeLength, seed.length));
      byte[] input = RtmpVectors.concat(Arrays.copyOf(seed, handshakeLength), tail);
      RecordingListener listener = new RecordingListener("secret");
      EmbeddedChannel channel = new EmbeddedChannel(new RtmpConnectionHandler(config, listener, new RefusalLog()));
      try {
        for (ByteBuf piece : split(input)) {
          channel.runPendingTasks();
          if (!channel.isOpen()) {
            break;
          }
          channel.writeInbound(piece);
        }
        channel.runPendingTasks();
        channel.close();
        channel.checkException();
        channel.finishAndReleaseAll();
      } catch (Throwable t) {
        fail("conversation tail " + HexFormat.of().formatHex(tail) + " raised " + t, t);
      }
      reasons.merge(String.valueOf(listener.closeReason).split(":")[0], 1, Integer::sum);
      assertEquals("closed", listener.events.get(listener.events.size() - 1));
      assertEquals(1, listener.events.stream().filter("closed"::equals).count());
    }
    System.out.println("conversation fuzz close reasons: " + reasons);
  }

  private static void decodeChunksAndParse(byte[] input) {
    ChunkDecoder decoder = new ChunkDecoder(65536, 4096, 8192, 8);
    List<RtmpMessage> messages = new ArrayList<>();
    for (ByteBuf piece : splitStatic(input, new Random(input.length))) {
      RtmpMessage m;
      while ((m = decoder.decode(piece)) != null) {
        messages.add(m);
      }
    }
    for (RtmpMessage m : messages) {
      try {
        switch (m.typeId()) {
          case 1, 2, 3, 5, 6 -> ControlMessage.decode(m);
          case 4 -> UserControl.decode(m);
          case 8 -> FlvTags.audio(m.timestamp(), m.payload());
          case 9 -> FlvTags.video(m.timestamp(), m.payload());
          case 18, 20 -> Command.parse(new Amf0Decoder(8).decodeAll(m.payload()));
          default -> { }
        }
      } catch (RtmpException expected) {
        // the message layer rejected it: fine
      }
    }
  }

  private void runGuarded(byte[] input, Runnable body) {
    try {
      body.run();
    } catch (RtmpException expected) {
      // one of ours: the input was rejected with a reason
    } catch (Throwable t) {
      fail("input " + HexFormat.of().formatHex(input) + " raised " + t, t);
    }
  }

  /** A publisher's whole conversation, as FFmpeg sends it, with a plain handshake. */
  static byte[] conversation() {
    ByteBuf out = Unpooled.buffer();
    out.writeByte(3);
    out.writeBytes(HandshakeDecoderTest.plainC1(1));
    out.writeBytes(new byte[1536]);
    ChunkEncoder encoder = new ChunkEncoder(128);
    encoder.encode(3, command(0, "connect", 1.0, RtmpVectors.map("app", "live")), out);
    encoder.encode(2, new ControlMessage.SetChunkSize(4096).toMessage(), out);
    encoder.setChunkSize(4096);
    encoder.encode(3, command(0, "releaseStream", 2.0, null, "secret"), out);
    encoder.encode(3, command(0, "FCPublish", 3.0, null, "secret"), out);
    encoder.encode(3, command(0, "createStream", 4.0, null), out);
    encoder.encode(8, command(1, "publish", 5.0, null, "secret", "live"), out);
    encoder.encode(4, new RtmpMessage(RtmpMessage.DATA_AMF0, 1, 0, Amf0Encoder.encodeAll(
        "@setDataFrame", "onMetaData", new Amf0.EcmaArray(RtmpVectors.map("width", 320.0)))),
        out);
    encoder.encode(4, RtmpVectors.msg(8, 1, 0, RtmpVectors.hex("af00 1210")), out);
    encoder.encode(6, RtmpVectors.msg(9, 1, 0, RtmpVectors.hex("1700000000 0164001eff")), out);
    encoder.encode(4, RtmpVectors.msg(8, 1, 23, RtmpVectors.hex("af01 21100465")), out);
    encoder.encode(6, RtmpVectors.msg(9, 1, 40, RtmpVectors.concat(
        RtmpVectors.hex("1701000028"), RtmpVectors.filler(300))), out);
    encoder.encode(2, new UserControl.PingRequest(7).toMessage(), out);
    encoder.encode(3, command(0, "FCUnpublish", 6.0, null, "secret"), out);
    encoder.encode(3, command(0, "deleteStream", 7.0, null, 1.0), out);
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    return bytes;
  }

  private static RtmpMessage command(int stream, Object... values) {
    return new RtmpMessage(RtmpMessage.COMMAND_AMF0, stream, 0, Amf0Encoder.encodeAll(values));
  }

  private byte[] mutate(byte[] seed) {
    byte[] b = seed.clone();
    int mutations = 1 + random.nextInt(4);
    for (int m = 0; m < mutations && b.length > 0; m++) {
      int at = random.nextInt(b.length);
      switch (random.nextInt(6)) {
        case 0 -> b[at] = (byte) random.nextInt(256);
        case 1 -> b[at] ^= (byte) (1 << random.nextInt(8));
        case 2 -> b = Arrays.copyOf(b, at);
        case 3 -> {
          byte[] junk = new byte[1 + random.nextInt(16)];
          random.nextBytes(junk);
          b = RtmpVectors.concat(Arrays.copyOf(b, at), junk, Arrays.copyOfRange(b, at, b.length));
        }
        case 4 -> {
          int end = at + random.nextInt(b.length - at + 1);
          b = RtmpVectors.concat(Arrays.copyOf(b, end), Arrays.copyOfRange(b, at, b.length));
        }
        default -> {
          byte[] extreme = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x80, 0x00};
          b[at] = extreme[random.nextInt(extreme.length)];
        }
      }
    }
    return b;
  }

  private List<ByteBuf> split(byte[] input) {
    return splitStatic(input, random);
  }

  /** The input as one growing cumulation buffer fed in random pieces, as a channel delivers it. */
  private static List<ByteBuf> splitStatic(byte[] input, Random random) {
    List<ByteBuf> pieces = new ArrayList<>();
    int at = 0;
    while (at < input.length) {
      int n = 1 + random.nextInt(Math.max(1, Math.min(input.length - at, 700)));
      pieces.add(Unpooled.wrappedBuffer(Arrays.copyOfRange(input, at, at + n)));
      at += n;
    }
    return pieces;
  }
}
