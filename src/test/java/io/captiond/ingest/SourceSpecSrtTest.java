package io.captiond.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class SourceSpecSrtTest {

  @Test
  void anSrtSourceWithoutUrlIsOneCaptiondListensFor() {
    SourceSpec spec = SourceSpec.fromJson(new JsonObject().put("type", "srt"));
    assertEquals(SourceSpec.Type.SRT, spec.type());
    assertNull(spec.url());
    assertTrue(spec.realtime());
    assertEquals("srt", spec.scheme());
  }

  @Test
  void anSrtSourceWithAUrlCallsTheEncodersListener() {
    SourceSpec spec = SourceSpec.fromJson(new JsonObject().put("type", "srt")
        .put("url", " srt://encoder.example:7001?latency=200000 "));
    assertEquals("srt://encoder.example:7001?latency=200000", spec.url());
    assertEquals("srt", spec.scheme());
  }

  @Test
  void anSrtUrlWithoutHostOrPortOrOfAnotherSchemeOrModeIsRefused() {
    for (String url : new String[] {"srt://encoder.example", "udp://encoder.example:7001", "srt://:7001",
        "srt://encoder.example:7001?mode=listener", "srt://encoder.example:7001?mode=rendezvous"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SourceSpec.fromJson(new JsonObject().put("type", "srt").put("url", url)), url);
      assertTrue(e.getMessage().startsWith("source.url"), e.getMessage());
    }
    assertEquals("srt://encoder.example:7001?mode=caller", SourceSpec.fromJson(new JsonObject().put("type", "srt")
        .put("url", "srt://encoder.example:7001?mode=caller")).url());
  }

  @Test
  void aPassphraseInTheCallerUrlIsHiddenFromDescriptionsButKeptForTheSource() {
    SourceSpec spec = SourceSpec.fromJson(new JsonObject().put("type", "srt")
        .put("url", "srt://encoder.example:7001?passphrase=encoder-secret&latency=200000"));
    assertEquals("srt://encoder.example:7001?passphrase=***&latency=200000", spec.shownUrl());
    assertEquals(spec.shownUrl(), spec.publicJson().getString("url"));
    assertEquals(spec.url(), spec.toJson().getString("url"));
  }

  @Test
  void theUnknownTypeMessageNamesSrt() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> SourceSpec.fromJson(new JsonObject().put("type", "webrtc"))).getMessage().contains("srt"));
  }
}
