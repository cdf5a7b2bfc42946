package io.captiond.ingest.rtmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerTextTest {

  @Test
  void aShortPlainStringIsQuotedAsItIs() {
    assertEquals("'live'", PeerText.quote("live"));
    assertEquals("null", PeerText.quote(null));
  }

  @Test
  void aLongStringIsCutToSixtyFourCharactersAndSaysHowMuchWasLeftOut() {
    String quoted = PeerText.quote("a".repeat(8 << 20));
    assertEquals("'" + "a".repeat(64) + "'…(+" + ((8 << 20) - 64) + " chars)", quoted);
  }

  @Test
  void controlLineBreakingAndBidiCharactersAreEscapedSoNoLineCanBeForged() {
    String quoted = PeerText.quote("live\r\n2026-11-30 INFO forged\u001b[31m\u2028\u202e\u0085'\\");
    assertEquals("'live\\r\\n2026-11-30 INFO forged\\u001b[31m\\u2028\\u202e\\u0085\\'\\\\'", quoted);
  }

  @Test
  void aSurrogatePairIsNeverCutInHalf() {
    String text = "a".repeat(63) + "\uD83D\uDE00" + "b";
    String quoted = PeerText.quote(text);
    assertEquals("'" + "a".repeat(63) + "'…(+3 chars)", quoted);
  }

  @Test
  void plainCommandNamesStayAsTheyAreAndOthersAreQuoted() {
    assertEquals("createStream", PeerText.name("createStream"));
    assertEquals("@setDataFrame", PeerText.name("@setDataFrame"));
    assertEquals("'bad\\nname'", PeerText.name("bad\nname"));
    assertEquals("''", PeerText.name(""));
    assertTrue(PeerText.name("x".repeat(65)).endsWith("…(+1 chars)"));
  }

  @Test
  void aListOfNamesShowsTheFirstEightAndCountsTheRest() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      names.add("k" + i);
    }
    assertEquals("[k0, k1, k2, k3, k4, k5, k6, k7, …(+992 more)]", PeerText.names(names));
    assertEquals("[tcUrl, 'a\\nb']", PeerText.names(List.of("tcUrl", "a\nb")));
  }

  @Test
  void aWholeLineKeepsItsQuotesButLosesItsLineBreaksAndIsBounded() {
    String line = PeerText.line("reason 'x'\nnext\u0000" + "y".repeat(1000), 100);
    assertFalse(line.contains("\n"), line);
    assertTrue(line.startsWith("reason 'x'\\nnext\\u0000yyy"), line);
    assertTrue(line.endsWith("…(+916 chars)"), line);
  }
}
