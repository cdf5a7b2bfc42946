package io.captiond.session;

import java.security.SecureRandom;
import java.util.HexFormat;

/** New stream ids (12 characters, no look-alikes) and publishing keys (128 random bits, hex). */
final class StreamIds {

  private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

  private final SecureRandom random = new SecureRandom();

  String newId() {
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
    }
    return id.toString();
  }

  String newKey() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
