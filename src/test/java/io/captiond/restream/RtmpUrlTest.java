package io.captiond.restream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RtmpUrlTest {

  @Test
  void splitsTheAppFromTheKeyAndDefaultsThePort() {
    RtmpUrl url = RtmpUrl.parse("rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl");
    assertEquals("a.rtmp.youtube.com", url.host());
    assertEquals(1935, url.port());
    assertEquals("live2", url.app());
    assertEquals("abcd-efgh-ijkl", url.key());
    assertEquals("rtmp://a.rtmp.youtube.com:1935/live2", url.tcUrl());
    RtmpUrl tls = RtmpUrl.parse("rtmps://live.example.com/app/inner/key?token=s3cret");
    assertTrue(tls.tls());
    assertEquals(443, tls.port());
    assertEquals("app/inner", tls.app());
    assertEquals("key?token=s3cret", tls.key());
  }

  @Test
  void neverPrintsTheKey() {
    RtmpUrl url = RtmpUrl.parse("rtmp://127.0.0.1:19350/live/sk_live_123?auth=xyz");
    assertEquals("rtmp://127.0.0.1:19350/live/***", url.toString());
    assertEquals(url.toString(), url.redacted());
    assertFalse(url.toString().contains("sk_live") || url.toString().contains("xyz"));
  }

  @Test
  void refusesWhatIsNotAnRtmpOutputWithoutEchoingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RtmpUrl.parse("http://host/app/key1"));
    assertFalse(e.getMessage().contains("key1"));
    assertThrows(IllegalArgumentException.class, () -> RtmpUrl.parse("rtmp://host/onlyapp"));
    assertThrows(IllegalArgumentException.class, () -> RtmpUrl.parse("rtmp://host/app/"));
    assertThrows(IllegalArgumentException.class, () -> RtmpUrl.parse("rtmp:///app/key"));
  }

  @Test
  void backsOffExponentiallyUpToTheMaximum() {
    RestreamConfig config = RestreamConfig.defaults().withBackoff(Duration.ofMillis(250), Duration.ofSeconds(2), 0);
    assertEquals(Duration.ofMillis(250), config.backoff(1));
    assertEquals(Duration.ofMillis(500), config.backoff(2));
    assertEquals(Duration.ofMillis(1000), config.backoff(3));
    assertEquals(Duration.ofMillis(2000), config.backoff(4));
    assertEquals(Duration.ofMillis(2000), config.backoff(40));
  }

  @Test
  void countsBitsPerSecondOverWholeSeconds() {
    BitrateMeter meter = new BitrateMeter(2);
    meter.add(1000, 10_100);
    meter.add(1000, 10_900);
    meter.add(500, 11_500);
    meter.add(9999, 12_100); // the current second does not count yet
    assertEquals((2000 + 500) * 8 / 2, meter.bitsPerSecond(12_200));
  }
}
