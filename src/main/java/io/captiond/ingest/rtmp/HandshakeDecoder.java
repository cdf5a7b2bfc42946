package io.captiond.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The server side of the RTMP handshake (RTMP 1.0 section 5.2): reads C0+C1, answers S0+S1+S2,
 * then reads and discards C2. Two forms are answered:
 *
 * <ul>
 *   <li>plain: C1 bytes 4..7 are zero (section 5.2.3); S1 carries our time and random bytes, S2 echoes
 *       C1 (section 5.2.4);
 *   <li>digest: C1 carries a client version and an HMAC digest (see {@link HandshakeDigest}); S1 and
 *       S2 are signed so that FFmpeg, librtmp and OBS accept them. A C1 with a version whose digest
 *       verifies in neither scheme is answered plainly, as the published spec describes.
 * </ul>
 *
 * <p>C2 is not verified: with public keys it proves nothing. Input shorter than a packet waits.
 */
public final class HandshakeDecoder {

  /** "Section 5.2.2: In C0, this field identifies the RTMP version requested by the client." */
  public static final int RTMP_VERSION = 3;
  /** Version bytes S1 carries in the digest form; clients only check that byte 5 is at least 3. */
  private static final int SERVER_VERSION = 0x0D0E0A0D;
  private static final int SIZE = HandshakeDigest.PACKET_SIZE;

  enum State { READ_C0_C1, READ_C2, DONE, CORRUPT }

  private final Random random;
  private final LongSupplier clockMillis;
  private final long startMillis;
  private State state = State.READ_C0_C1;
  private boolean digest;

  public HandshakeDecoder() {
    this(new Random(), System::currentTimeMillis);
  }

  public HandshakeDecoder(Random random, LongSupplier clockMillis) {
    this.random = random;
    this.clockMillis = clockMillis;
    this.startMillis = clockMillis.getAsLong();
  }

  /**
   * Consumes what the current state needs. Returns S0+S1+S2 (3073 bytes) once C0+C1 are in, null
   * otherwise. Throws {@link HandshakeException} on a bad version byte; after that every call
   * discards its input.
   */
  public byte[] decode(ByteBuf in) {
    switch (state) {
      case READ_C0_C1:
        if (in.readableBytes() < 1 + SIZE) {
          if (in.isReadable()) {
            checkVersion(in.getUnsignedByte(in.readerIndex()));
          }
          return null;
        }
        checkVersion(in.readUnsignedByte());
        byte[] c1 = new byte[SIZE];
        in.readBytes(c1);
        state = State.READ_C2;
        byte[] reply = reply(c1);
        decode(in);
        return reply;
      case READ_C2:
        if (in.readableBytes() >= SIZE) {
          in.skipBytes(SIZE);
          state = State.DONE;
        }
        return null;
      case CORRUPT:
        in.skipBytes(in.readableBytes());
        return null;
      case DONE:
      default:
        return null;
    }
  }

  public boolean isDone() {
    return state == State.DONE;
  }

  /** Whether the client used the digest form (known once S0+S1+S2 were produced). */
  public boolean usedDigest() {
    return digest;
  }

  private void checkVersion(int version) {
    if (version != RTMP_VERSION) {
      state = State.CORRUPT;
      throw new HandshakeException("C0 version byte is " + version + ", only " + RTMP_VERSION
          + " (plain RTMP) is served");
    }
  }

  private byte[] reply(byte[] c1) {
    byte[] out = new byte[1 + 2 * SIZE];
    out[0] = RTMP_VERSION;
    byte[] s1 = randomPacket();
    int uptime = (int) (clockMillis.getAsLong() - startMillis);
    putInt(s1, 0, uptime);
    boolean clientVersioned = c1[4] != 0 || c1[5] != 0 || c1[6] != 0 || c1[7] != 0;
    HandshakeDigest.Scheme scheme = clientVersioned ? HandshakeDigest.findClientDigest(c1) : null;
    byte[] s2;
    if (scheme == null) {
      putInt(s1, 4, 0);
      s2 = c1;
    } else {
      digest = true;
      putInt(s1, 4, SERVER_VERSION);
      HandshakeDigest.sign(s1, scheme, HandshakeDigest.SERVER_KEY,
          HandshakeDigest.SERVER_KEY_OPEN_LENGTH);
      byte[] clientDigest = HandshakeDigest.slice(c1, scheme.digestOffset(c1),
          HandshakeDigest.DIGEST_LENGTH);
      s2 = randomPacket();
      HandshakeDigest.signResponse(s2, clientDigest);
    }
    System.arraycopy(s1, 0, out, 1, SIZE);
    System.arraycopy(s2, 0, out, 1 + SIZE, SIZE);
    return out;
  }

  private byte[] randomPacket() {
    byte[] packet = new byte[SIZE];
    random.nextBytes(packet);
    return packet;
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
