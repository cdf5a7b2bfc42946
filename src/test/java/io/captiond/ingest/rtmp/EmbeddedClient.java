package io.captiond.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A publisher talking to {@link RtmpConnectionHandler} on an {@link EmbeddedChannel}, built from
 * this package's own codecs (client side).
 */
final class EmbeddedClient {

  final EmbeddedChannel channel;
  final RecordingListener listener;
  private final ChunkEncoder encoder = new ChunkEncoder(128);
  private final ChunkDecoder decoder = new ChunkDecoder(1 << 16, 1 << 20, 2 << 20, 16);
  private final ByteBuf received = Unpooled.buffer();
  private final Amf0Decoder amf = new Amf0Decoder(8);
  private double transactionId = 1;

  EmbeddedClient(RtmpSettings config, RecordingListener listener) {
    this.listener = listener;
    this.channel = new EmbeddedChannel(new RtmpConnectionHandler(config, listener, new RefusalLog()));
  }

  EmbeddedClient(RecordingListener listener) {
    this(RtmpSettings.defaults(), listener);
  }

  byte[] handshake() {
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {3},
        HandshakeDecoderTest.plainC1(9)));
    ByteBuf reply = Unpooled.buffer();
    ByteBuf part;
    while ((part = channel.readOutbound()) != null) {
      reply.writeBytes(part);
      part.release();
    }
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[1536]));
    byte[] bytes = new byte[reply.readableBytes()];
    reply.readBytes(bytes);
    return bytes;
  }

  void send(int chunkStreamId, RtmpMessage message) {
    ByteBuf out = Unpooled.buffer();
    encoder.encode(chunkStreamId, message, out);
    channel.writeInbound(out);
  }

  void command(int streamId, Object... values) {
    Object[] withTx = values.clone();
    if (withTx.length > 1 && withTx[1] == null) {
      withTx[1] = transactionId++;
    }
    send(3, new RtmpMessage(RtmpMessage.COMMAND_AMF0, streamId, 0,
        Amf0Encoder.encodeAll(withTx)));
  }

  void connectAndCreateStream() {
    handshake();
    command(0, "connect", null, RtmpVectors.map("app", "live"));
    command(0, "createStream", null, null);
  }

  /** Everything the server sent since the last call, as messages. */
  List<RtmpMessage> receive() {
    ByteBuf part;
    while ((part = channel.readOutbound()) != null) {
      received.writeBytes(part);
      part.release();
    }
    List<RtmpMessage> out = new ArrayList<>();
    RtmpMessage m;
    while ((m = decoder.decode(received)) != null) {
      out.add(m);
    }
    return out;
  }

  List<Object> values(RtmpMessage m) {
    return amf.decodeAll(m.payload());
  }
}
