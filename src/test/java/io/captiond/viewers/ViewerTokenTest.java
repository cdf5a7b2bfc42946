package io.captiond.viewers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ViewerTokenTest {

  private static final byte[] SECRET = ViewerAccess.fresh(ViewerPolicy.TOKEN).secret();
  private static final long NOW = 1_800_000_000L;

  @Test
  void aMintedTokenIsValidForItsStreamUntilItExpires() {
    String token = ViewerToken.mint(SECRET, "abc", NOW + 60);
    assertEquals(ViewerToken.Verdict.VALID, ViewerToken.verify(SECRET, "abc", token, NOW));
    assertEquals(ViewerToken.Verdict.VALID, ViewerToken.verify(SECRET, "abc", token, NOW + 59));
    assertEquals(ViewerToken.Verdict.EXPIRED, ViewerToken.verify(SECRET, "abc", token, NOW + 60));
  }

  @Test
  void aTokenNeedsNoEscapingInAUrlOrAPlaylist() {
    String token = ViewerToken.mint(SECRET, "abc", NOW + 60);
    assertTrue(token.matches("[0-9]+\\.[A-Za-z0-9_-]+"), token);
  }

  @Test
  void aTokenForOneStreamOpensNoOther() {
    String token = ViewerToken.mint(SECRET, "abc", NOW + 60);
    assertEquals(ViewerToken.Verdict.WRONG_SIGNATURE, ViewerToken.verify(SECRET, "abd", token, NOW));
  }

  @Test
  void aRotatedSecretRevokesEveryTokenMintedBefore() {
    String token = ViewerToken.mint(SECRET, "abc", NOW + 60);
    byte[] rotated = new ViewerAccess(ViewerPolicy.TOKEN, HexFormat.of().formatHex(SECRET)).rotated().secret();
    assertEquals(ViewerToken.Verdict.WRONG_SIGNATURE, ViewerToken.verify(rotated, "abc", token, NOW));
  }

  @Test
  void aLaterExpiryWrittenIntoATokenBreaksItsSignature() {
    String token = ViewerToken.mint(SECRET, "abc", NOW + 60);
    String extended = (NOW + 6000) + token.substring(token.indexOf('.'));
    assertEquals(ViewerToken.Verdict.WRONG_SIGNATURE, ViewerToken.verify(SECRET, "abc", extended, NOW));
  }

  @Test
  void aTokenWithAnyCharacterOfItsSignatureChangedIsRefused() {
    String token = ViewerToken.mint(SECRET, "abc", NOW + 60);
    int signature = token.indexOf('.') + 1;
    // the last character also carries the 2 padding bits of the 32 bytes' 43 characters: changed, it may decode to
    // the same bytes, so it is left out
    for (int at = signature; at < token.length() - 1; at++) {
      char was = token.charAt(at);
      String altered = token.substring(0, at) + (was == 'A' ? 'B' : 'A') + token.substring(at + 1);
      assertEquals(ViewerToken.Verdict.WRONG_SIGNATURE, ViewerToken.verify(SECRET, "abc", altered, NOW), altered);
    }
  }

  @Test
  void garbageIsMalformedNotAnError() {
    for (String garbage : new String[] {"", ".", "x.y", "12", "-5.AAAA", "12.%%%", "1".repeat(200), "12.AAAA.BBBB"}) {
      ViewerToken.Verdict verdict = ViewerToken.verify(SECRET, "abc", garbage, NOW);
      assertTrue(verdict == ViewerToken.Verdict.MALFORMED || verdict == ViewerToken.Verdict.WRONG_SIGNATURE,
          garbage + ": " + verdict);
    }
    assertEquals(ViewerToken.Verdict.MALFORMED, ViewerToken.verify(SECRET, "abc", null, NOW));
  }
}
