package io.captiond.ingest.rtmp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 digest that Flash Player, librtmp, FFmpeg and OBS put into C1, and expect back in
 * S1 and S2. Not part of the published RTMP 1.0 spec; the scheme as every server implements it:
 *
 * <ul>
 *   <li>A 32-byte digest sits inside the 1536-byte packet at an offset derived from four bytes: scheme
 *       0 sums bytes 8..11 ({@code sum % 728 + 12}), scheme 1 sums bytes 772..775 ({@code sum % 728 +
 *       776}).
 *   <li>The digest is HMAC-SHA256 over the packet without those 32 bytes, keyed by the open part of
 *       the client key ("Genuine Adobe Flash Player 001", 30 bytes) for C1, of the server key
 *       ("Genuine Adobe Flash Media Server 001", 36 bytes) for S1.
 *   <li>S2 is random bytes whose last 32 bytes are HMAC-SHA256 over the first 1504, keyed by
 *       HMAC-SHA256(full 68-byte server key, client digest).
 * </ul>
 */
final class HandshakeDigest {

  static final int PACKET_SIZE = 1536;
  static final int DIGEST_LENGTH = 32;

  /** The 32 bytes shared by both keys after their text. */
  private static final byte[] KEY_TAIL = {
      (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, 0x4A, (byte) 0x80, 0x68, (byte) 0xBE, (byte) 0xE8,
      0x2E, 0x00, (byte) 0xD0, (byte) 0xD1, 0x02, (byte) 0x9E, 0x7E, 0x57,
      0x6E, (byte) 0xEC, 0x5D, 0x2D, 0x29, (byte) 0x80, 0x6F, (byte) 0xAB,
      (byte) 0x93, (byte) 0xB8, (byte) 0xE6, 0x36, (byte) 0xCF, (byte) 0xEB, 0x31, (byte) 0xAE};

  static final byte[] CLIENT_KEY = key("Genuine Adobe Flash Player 001");
  static final byte[] SERVER_KEY = key("Genuine Adobe Flash Media Server 001");
  static final int CLIENT_KEY_OPEN_LENGTH = 30;
  static final int SERVER_KEY_OPEN_LENGTH = 36;

  /** Where the four offset bytes sit; the digest follows them within 728 bytes. */
  enum Scheme {
    SCHEME_0(8), SCHEME_1(772);

    final int base;

    Scheme(int base) {
      this.base = base;
    }

    int digestOffset(byte[] packet) {
      int sum = 0;
      for (int i = base; i < base + 4; i++) {
        sum += packet[i] & 0xFF;
      }
      return sum % 728 + base + 4;
    }
  }

  private HandshakeDigest() {}

  private static byte[] key(String text) {
    byte[] open = text.getBytes(StandardCharsets.US_ASCII);
    byte[] key = new byte[open.length + KEY_TAIL.length];
    System.arraycopy(open, 0, key, 0, open.length);
    System.arraycopy(KEY_TAIL, 0, key, open.length, KEY_TAIL.length);
    return key;
  }

  /** The scheme whose digest in {@code c1} verifies with the client key, or null if neither does. */
  static Scheme findClientDigest(byte[] c1) {
    for (Scheme scheme : new Scheme[] {Scheme.SCHEME_1, Scheme.SCHEME_0}) {
      int offset = scheme.digestOffset(c1);
      byte[] expected = digest(c1, offset, CLIENT_KEY, CLIENT_KEY_OPEN_LENGTH);
      if (java.security.MessageDigest.isEqual(expected, slice(c1, offset, DIGEST_LENGTH))) {
        return scheme;
      }
    }
    return null;
  }

  /** Writes the digest of {@code packet} into it at the place {@code scheme} gives; returns it. */
  static byte[] sign(byte[] packet, Scheme scheme, byte[] key, int keyLength) {
    int offset = scheme.digestOffset(packet);
    byte[] digest = digest(packet, offset, key, keyLength);
    System.arraycopy(digest, 0, packet, offset, DIGEST_LENGTH);
    return digest;
  }

  /** HMAC-SHA256 over {@code packet} without the 32 bytes at {@code gap}. */
  static byte[] digest(byte[] packet, int gap, byte[] key, int keyLength) {
    Mac mac = mac(key, keyLength);
    mac.update(packet, 0, gap);
    mac.update(packet, gap + DIGEST_LENGTH, packet.length - gap - DIGEST_LENGTH);
    return mac.doFinal();
  }

  /** Fills the last 32 bytes of {@code s2} with its signature for the given client digest. */
  static void signResponse(byte[] s2, byte[] clientDigest) {
    byte[] key = mac(SERVER_KEY, SERVER_KEY.length).doFinal(clientDigest);
    Mac mac = mac(key, key.length);
    mac.update(s2, 0, s2.length - DIGEST_LENGTH);
    System.arraycopy(mac.doFinal(), 0, s2, s2.length - DIGEST_LENGTH, DIGEST_LENGTH);
  }

  static byte[] slice(byte[] bytes, int offset, int length) {
    byte[] out = new byte[length];
    System.arraycopy(bytes, offset, out, 0, length);
    return out;
  }

  private static Mac mac(byte[] key, int keyLength) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, 0, keyLength, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java runtime", e);
    }
  }
}
