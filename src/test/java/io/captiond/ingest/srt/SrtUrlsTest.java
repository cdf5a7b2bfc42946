package io.captiond.ingest.srt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SrtUrlsTest {

  private final SrtSettings settings = new SrtSettings("127.0.0.1", 9000, 9001, 200, 30);

  @Test
  void theListenerTakesTheKeyAsPassphraseAndTheLatencyInMicroseconds() {
    assertEquals("srt://127.0.0.1:9000?mode=listener&transtype=live&passphrase=0123456789abcdef"
        + "&latency=200000&oheadbw=30&listen_timeout=1000000&timeout=5000000",
        SrtUrls.listener(settings, 9000, "0123456789abcdef"));
  }

  @Test
  void aPassphraseOutsideSrtsTenToSeventyNineCharactersIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> SrtUrls.listener(settings, 9000, "short"));
    assertThrows(IllegalArgumentException.class, () -> SrtUrls.listener(settings, 9000, "k".repeat(80)));
    assertTrue(SrtUrls.listener(settings, 9000, "k".repeat(79)).contains("k".repeat(79)));
  }

  @Test
  void aCallerKeepsTheUsersOptionsAndAddsOursWhereItSetNone() {
    assertEquals("srt://enc.example:7001?latency=500000&passphrase=secretsecret&mode=caller&transtype=live"
        + "&oheadbw=30&connect_timeout=3000&timeout=5000000",
        SrtUrls.caller(settings, "srt://enc.example:7001?latency=500000&passphrase=secretsecret", 10_000));
    assertTrue(SrtUrls.caller(settings, "srt://enc.example:7001", 10_000)
        .startsWith("srt://enc.example:7001?mode=caller&"));
  }

  @Test
  void aCallWaitsNoLongerThanTheGrace() {
    assertTrue(SrtUrls.caller(settings, "srt://enc.example:7001", 1_500).contains("&connect_timeout=1500&"));
    assertTrue(SrtUrls.caller(settings, "srt://enc.example:7001", 0).contains("&connect_timeout=100&"));
  }

  @Test
  void thePublishUrlNamesHostPortAndPassphrase() {
    assertEquals("srt://media.example:9003?passphrase=abcdefabcdef", SrtUrls.publish("media.example", 9003,
        "abcdefabcdef"));
    assertEquals("srt://[::1]:9003?passphrase=abcdefabcdef", SrtUrls.publish("::1", 9003, "abcdefabcdef"));
  }

  @Test
  void passphrasesAreHiddenInWhatIsLogged() {
    assertEquals("srt://h:1?passphrase=***&latency=1", SrtUrls.redacted("srt://h:1?passphrase=topsecret1&latency=1"));
  }
}
