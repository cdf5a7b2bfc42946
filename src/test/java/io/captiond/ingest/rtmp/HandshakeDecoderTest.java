package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HandshakeDecoderTest {

  private static final int SIZE = 1536;

  private static HandshakeDecoder decoder() {
    return new HandshakeDecoder(new Random(1), () -> 0L);
  }

  static byte[] plainC1(long seed) {
    byte[] c1 = new byte[SIZE];
    new Random(seed).nextBytes(c1);
    Arrays.fill(c1, 0, 8, (byte) 0);
    return c1;
  }

  /** A C1 as FFmpeg and librtmp build it: version 9.0.124.2, client digest in the given scheme. */
  static byte[] digestC1(HandshakeDigest.Scheme scheme, long seed) {
    byte[] c1 = new byte[SIZE];
    new Random(seed).nextBytes(c1);
    c1[4] = 9;
    c1[5] = 0;
    c1[6] = 124;
    c1[7] = 2;
    HandshakeDigest.sign(c1, scheme, HandshakeDigest.CLIENT_KEY,
        HandshakeDigest.CLIENT_KEY_OPEN_LENGTH);
    return c1;
  }

  @Test
  void plainHandshakeAnswersVersion3AndEchoesC1() {
    HandshakeDecoder decoder = decoder();
    byte[] c1 = plainC1(2);
    ByteBuf in = Unpooled.wrappedBuffer(new byte[] {3}, c1);
    byte[] reply = decoder.decode(in);
    assertEquals(3, reply[0]);
    assertEquals(1 + 2 * SIZE, reply.length);
    assertArrayEquals(new byte[4], Arrays.copyOfRange(reply, 5, 9), "S1 zero field");
    assertArrayEquals(c1, Arrays.copyOfRange(reply, 1 + SIZE, 1 + 2 * SIZE), "S2 echoes C1");
    assertFalse(decoder.usedDigest());
    assertFalse(decoder.isDone());
    assertNull(decoder.decode(Unpooled.wrappedBuffer(new byte[SIZE])));
    assertTrue(decoder.isDone());
  }

  @ParameterizedTest
  @EnumSource(HandshakeDigest.Scheme.class)
  void digestHandshakeSignsS1AndS2TheWayClientsVerifyThem(HandshakeDigest.Scheme scheme)
      throws Exception {
    byte[] c1 = digestC1(scheme, 3);
    HandshakeDecoder decoder = decoder();
    byte[] reply = decoder.decode(Unpooled.wrappedBuffer(new byte[] {3}, c1));
    assertTrue(decoder.usedDigest());
    byte[] s1 = Arrays.copyOfRange(reply, 1, 1 + SIZE);
    byte[] s2 = Arrays.copyOfRange(reply, 1 + SIZE, 1 + 2 * SIZE);
    assertTrue((s1[5] & 0xFF) >= 3, "clients check S1 version byte 5 >= 3");

    // What FFmpeg's rtmp_validate_digest does with S1: the server digest under the open key.
    int offset = scheme.digestOffset(s1);
    byte[] expected = hmac(Arrays.copyOf(HandshakeDigest.SERVER_KEY, 36), without(s1, offset));
    assertArrayEquals(expected, Arrays.copyOfRange(s1, offset, offset + 32));

    // What it does with S2: keyed by HMAC(full server key, client digest).
    int clientOffset = scheme.digestOffset(c1);
    byte[] key = hmac(HandshakeDigest.SERVER_KEY, Arrays.copyOfRange(c1, clientOffset,
        clientOffset + 32));
    assertArrayEquals(hmac(key, Arrays.copyOf(s2, SIZE - 32)),
        Arrays.copyOfRange(s2, SIZE - 32, SIZE));
  }

  @Test
  void aVersionedC1WithoutAValidDigestIsAnsweredPlainly() {
    byte[] c1 = digestC1(HandshakeDigest.Scheme.SCHEME_0, 4);
    int offset = HandshakeDigest.Scheme.SCHEME_0.digestOffset(c1);
    c1[offset] ^= 1;
    HandshakeDecoder decoder = decoder();
    byte[] reply = decoder.decode(Unpooled.wrappedBuffer(new byte[] {3}, c1));
    assertFalse(decoder.usedDigest());
    assertArrayEquals(c1, Arrays.copyOfRange(reply, 1 + SIZE, 1 + 2 * SIZE));
  }

  @Test
  void truncatedHandshakeWaitsAndConsumesNothing() {
    HandshakeDecoder decoder = decoder();
    byte[] partial = Arrays.copyOf(new byte[] {3}, 1000);
    ByteBuf in = Unpooled.wrappedBuffer(partial);
    assertNull(decoder.decode(in));
    assertEquals(1000, in.readableBytes());
    assertFalse(decoder.isDone());
  }

  @Test
  void handshakeFedOneByteAtATimeCompletes() {
    HandshakeDecoder decoder = decoder();
    byte[] all = RtmpVectors.concat(new byte[] {3}, plainC1(5), new byte[SIZE]);
    ByteBuf in = Unpooled.buffer();
    int replies = 0;
    for (byte b : all) {
      in.writeByte(b);
      if (decoder.decode(in) != null) {
        replies++;
      }
      in.discardReadBytes();
    }
    assertEquals(1, replies);
    assertTrue(decoder.isDone());
  }

  @Test
  void aBadVersionByteIsRejectedAtOnceAndNamesTheVersion() {
    HandshakeDecoder decoder = decoder();
    HandshakeException e = assertThrows(HandshakeException.class,
        () -> decoder.decode(Unpooled.wrappedBuffer(new byte[] {6})));
    assertTrue(e.getMessage().contains("6") && e.getMessage().contains("3"), e.getMessage());
    ByteBuf more = Unpooled.wrappedBuffer(new byte[5000]);
    assertNull(decoder.decode(more));
    assertEquals(0, more.readableBytes(), "a corrupt decoder drains its input");
  }

  private static byte[] without(byte[] packet, int gap) {
    return RtmpVectors.concat(Arrays.copyOf(packet, gap),
        Arrays.copyOfRange(packet, gap + 32, packet.length));
  }

  private static byte[] hmac(byte[] key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] out = mac.doFinal(data);
    assertNotNull(out);
    return out;
  }
}
