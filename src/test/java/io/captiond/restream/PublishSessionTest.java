package io.captiond.restream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.ingest.rtmp.Amf0Decoder;
import io.captiond.ingest.rtmp.Amf0Encoder;
import io.captiond.ingest.rtmp.ChunkDecoder;
import io.captiond.ingest.rtmp.ChunkEncoder;
import io.captiond.ingest.rtmp.RtmpMessage;
import io.captiond.ingest.rtmp.UserControl;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's publish conversation, driven byte by byte on an {@link EmbeddedChannel}. */
class PublishSessionTest {

  private final List<String> events = new ArrayList<>();
  private final ChunkEncoder server = new ChunkEncoder(128);
  private final ChunkDecoder fromClient = new ChunkDecoder(1 << 24, 1 << 24, 1 << 25, 64);
  private final ByteBuf clientBytes = Unpooled.buffer();
  private PublishSession session;
  private EmbeddedChannel channel;

  @BeforeEach
  void connect() {
    RtmpUrl url = RtmpUrl.parse("rtmp://127.0.0.1:1935/live/thekey");
    session = new PublishSession(url, RestreamConfig.defaults(), new PublishSession.Listener() {
      @Override
      public void live(PublishSession s) {
        events.add("live");
      }

      @Override
      public void ended(PublishSession s, String reason) {
        events.add("ended: " + reason);
      }
    });
    channel = new EmbeddedChannel(session);
  }

  private void drainClient() {
    ByteBuf out;
    while ((out = channel.readOutbound()) != null) {
      clientBytes.writeBytes(out);
      out.release();
    }
  }

  private List<RtmpMessage> clientMessages() {
    drainClient();
    List<RtmpMessage> messages = new ArrayList<>();
    RtmpMessage m;
    while ((m = fromClient.decode(clientBytes)) != null) {
      messages.add(m);
    }
    return messages;
  }

  private void serverSends(int streamId, Object... values) {
    ByteBuf out = Unpooled.buffer();
    server.encode(3, new RtmpMessage(RtmpMessage.COMMAND_AMF0, streamId, 0, Amf0Encoder.encodeAll(values)), out);
    channel.writeInbound(out);
  }

  private static List<Object> amf(RtmpMessage m) {
    return new Amf0Decoder(8).decodeAll(m.payload());
  }

  private byte[] handshake() {
    drainClient();
    assertEquals(1 + 1536, clientBytes.readableBytes(), "C0 and C1");
    assertEquals(3, clientBytes.readByte());
    byte[] c1 = new byte[1536];
    clientBytes.readBytes(c1);
    assertEquals(0, c1[4] | c1[5] | c1[6] | c1[7], "C1's zero field: the plain handshake");
    byte[] s1 = new byte[1536];
    for (int i = 0; i < s1.length; i++) {
      s1[i] = (byte) (i * 7);
    }
    ByteBuf s0s1s2 = Unpooled.buffer();
    s0s1s2.writeByte(3).writeBytes(s1).writeBytes(c1);
    channel.writeInbound(s0s1s2);
    drainClient();
    byte[] c2 = new byte[1536];
    clientBytes.readBytes(c2);
    clientBytes.discardReadBytes();
    assertArrayEquals(s1, c2, "C2 echoes S1");
    return c2;
  }

  @Test
  void walksConnectCreateStreamAndPublishToLive() {
    handshake();
    List<RtmpMessage> sent = clientMessages();
    assertEquals(RtmpMessage.SET_CHUNK_SIZE, sent.get(0).typeId());
    List<Object> connect = amf(sent.get(1));
    assertEquals("connect", connect.get(0));
    assertEquals(1.0, connect.get(1));
    Map<?, ?> properties = (Map<?, ?>) connect.get(2);
    assertEquals("live", properties.get("app"));
    assertEquals("rtmp://127.0.0.1:1935/live", properties.get("tcUrl"));

    serverSends(0, "_result", 1, Map.of("fmsVer", "FMS/3,0,1,123"), Map.of("code", "NetConnection.Connect.Success"));
    List<String> names = clientMessages().stream().map(m -> (String) amf(m).get(0)).toList();
    assertEquals(List.of("releaseStream", "FCPublish", "createStream"), names);

    serverSends(0, "_result", 4, null, 7);
    RtmpMessage publish = clientMessages().get(0);
    assertEquals(7, publish.streamId());
    assertEquals(java.util.Arrays.asList("publish", 5.0, null, "thekey", "live"), amf(publish));

    assertFalse(session.send(RtmpMessage.VIDEO, 0, new byte[] {0x17}), "nothing goes out before live");
    serverSends(7, "onStatus", 0, null, Map.of("level", "status", "code", "NetStream.Publish.Start"));
    assertEquals(List.of("live"), events);

    assertTrue(session.send(RtmpMessage.VIDEO, 40, new byte[] {0x17, 1, 0, 0, 0}));
    RtmpMessage video = clientMessages().get(0);
    assertEquals(RtmpMessage.VIDEO, video.typeId());
    assertEquals(7, video.streamId());
    assertEquals(40, video.timestamp());
  }

  @Test
  void answersAPingRequest() {
    handshake();
    clientMessages();
    ByteBuf ping = Unpooled.buffer();
    server.encode(2, new UserControl.PingRequest(1234).toMessage(), ping);
    channel.writeInbound(ping);
    RtmpMessage pong = clientMessages().get(0);
    assertEquals(new UserControl.PingResponse(1234).toMessage().payload().length, pong.payload().length);
    assertArrayEquals(new UserControl.PingResponse(1234).toMessage().payload(), pong.payload());
  }

  @Test
  void endsWithTheServersReasonWhenPublishingIsRefused() {
    handshake();
    serverSends(0, "_result", 1, null, Map.of("code", "NetConnection.Connect.Success"));
    serverSends(0, "_result", 4, null, 1);
    serverSends(1, "onStatus", 0, null, Map.of("level", "error", "code", "NetStream.Publish.BadName",
        "description", "Already publishing"));
    assertEquals(List.of("ended: the server refused to publish: "
        + "NetStream.Publish.BadName Already publishing"), events);
    assertFalse(channel.isActive());
  }

  @Test
  void endsOnAWrongHandshakeVersion() {
    drainClient();
    ByteBuf bad = Unpooled.buffer();
    bad.writeByte(6).writeZero(2 * 1536);
    channel.writeInbound(bad);
    assertEquals(1, events.size());
    assertTrue(events.get(0).contains("S0 version 6"), events.get(0));
  }

  @Test
  void endsWhenNotLiveInTime() {
    handshake();
    session.timeoutUnlessLive();
    assertTrue(events.get(0).startsWith("ended: no NetStream.Publish.Start within"), events.toString());
    assertFalse(channel.isActive());
  }
}
