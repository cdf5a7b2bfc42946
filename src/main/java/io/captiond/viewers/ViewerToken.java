package io.captiond.viewers;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A viewer token: {@code <expiry, epoch seconds>.<base64url HMAC-SHA256>}, the MAC taken with the stream's viewer
 * secret over the stream id and the expiry. So a token names one stream and one moment, is checked without
 * storage, and every token of a stream dies at once when its secret is replaced. Its characters ({@code 0-9 . - _
 * A-Z a-z}) need no escaping in a URL or a playlist. Pure: no I/O, time passed in.
 */
public final class ViewerToken {

  private static final String ALGORITHM = "HmacSHA256";
  /** Longer than any token this class makes: anything longer is refused before any work. */
  private static final int MAX_LENGTH = 80;

  private ViewerToken() {}

  /** A token for {@code streamId}, valid until {@code expiresAtSeconds} (epoch seconds). */
  public static String mint(byte[] secret, String streamId, long expiresAtSeconds) {
    return expiresAtSeconds + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
        mac(secret, streamId, expiresAtSeconds));
  }

  /** What a presented token is: valid, or why not. */
  public enum Verdict {
    VALID,
    MALFORMED,
    EXPIRED,
    WRONG_SIGNATURE
  }

  /** Checks {@code token} for {@code streamId} at {@code nowSeconds}; constant time in the signature. */
  public static Verdict verify(byte[] secret, String streamId, String token, long nowSeconds) {
    if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
      return Verdict.MALFORMED;
    }
    int dot = token.indexOf('.');
    long expiry;
    byte[] given;
    try {
      expiry = Long.parseLong(token.substring(0, dot < 0 ? token.length() : dot));
      given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return Verdict.MALFORMED;
    }
    if (dot < 0 || expiry < 0) {
      return Verdict.MALFORMED;
    }
    // the signature first: an expired token's expiry is only worth reporting when it is genuine
    if (!MessageDigest.isEqual(given, mac(secret, streamId, expiry))) {
      return Verdict.WRONG_SIGNATURE;
    }
    return nowSeconds < expiry ? Verdict.VALID : Verdict.EXPIRED;
  }

  private static byte[] mac(byte[] secret, String streamId, long expiresAtSeconds) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      // a domain prefix and a separator that cannot occur in an id: no other message signs the same bytes
      return mac.doFinal(("captiond-viewer\n" + streamId + "\n" + expiresAtSeconds).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
