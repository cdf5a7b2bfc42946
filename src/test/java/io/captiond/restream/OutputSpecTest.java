package io.captiond.restream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class OutputSpecTest {

  @Test
  void anOutputIsAnRtmpUrlWithCea608CaptionsByDefault() {
    OutputSpec spec = OutputSpec.fromJson(new JsonObject().put("url", "rtmps://live.example.com/app/sk-123?t=9"));
    assertEquals(OutputSpec.Captions.CEA608, spec.captions());
    assertEquals(new JsonObject().put("url", "rtmps://live.example.com:443/app/***").put("captions", "cea608"),
        spec.describe());
    assertEquals("rtmps://live.example.com/app/sk-123?t=9", spec.toJson().getString("url"));
    assertFalse(spec.toString().contains("sk-123"));
  }

  @Test
  void captionsNoneSendsTheVideoAsReceived() {
    OutputSpec spec = OutputSpec.fromJson(new JsonObject().put("url", "rtmp://h/live/k").put("captions", "none"));
    assertEquals(OutputSpec.Captions.NONE, spec.captions());
  }

  @Test
  void badOutputsAreRefusedWithoutShowingTheKey() {
    IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
        () -> OutputSpec.fromJson(new JsonObject().put("url", "http://h/live/hidden-key")));
    assertFalse(scheme.getMessage().contains("hidden-key"), scheme.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> OutputSpec.fromJson(new JsonObject().put("url", "rtmp://h/live/k").put("captions", "608")));
    assertThrows(IllegalArgumentException.class, () -> OutputSpec.fromJson(new JsonObject()));
    assertThrows(IllegalArgumentException.class, () -> OutputSpec.fromJson("rtmp://h/live/k"));
  }
}
