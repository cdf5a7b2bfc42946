package io.captiond.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Apertium;
import io.captiond.testing.Flite;
import io.captiond.testing.TestServer;
import io.captiond.testing.WordErrorRate;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * APy killed while a stream is live and started again: the source captions go on as if nothing happened,
 * the stream reports {@code degraded: translation} meanwhile, and once APy is back the waiting units catch
 * up: every source final is translated exactly once, each as the command line translates it.
 */
class ApertiumRestartTest {

  private static final List<String> SENTENCES = List.of(
      "The weather is nice today.",
      "I would like a cup of coffee.",
      "Please open the door for me.",
      "We will meet at the station tomorrow morning.",
      "She reads a book every night.",
      "The children play in the garden after school.",
      "My brother works in a big hospital.",
      "We had fish and rice for dinner.");

  @TempDir
  Path data;

  @Test
  void anApyRestartMidStreamLosesAndRepeatsNoTranslatedUnitAndLeavesTheSourceAlone() throws Exception {
    Path wav = Flite.speak(SENTENCES, 900, data.resolve("sentences.wav"));
    try (Apertium apertium = Apertium.start(data.resolve("apy.log"));
        TestServer server = TestServer.start(TestServer.config(data.resolve("server"),
            Map.of("translate.apertium_url", apertium.url())))) {
      ApiClient api = server.api();
      JsonObject request = TranslatedCaptionsEndToEndTest.pullStream(wav, "es");
      request.getJsonObject("source").put("realtime", true);
      ApiClient.Response created = api.post("/api/streams", request);
      assertEquals(201, created.status(), created.body());
      String id = created.json().getString("id");
      ApiClient.CaptionListener source = api.listen(id, 0);
      ApiClient.CaptionListener spanish = api.listen(id, 0, "es");

      spanish.awaitFinals(1, Duration.ofSeconds(30));
      apertium.kill();
      int finalsAtKill = source.finals().size();
      JsonObject degraded = api.awaitStream(id, s -> s.getJsonObject("degraded").containsKey("translation"),
          Duration.ofSeconds(20));
      System.out.println("restart: while APy is down: " + degraded.getJsonObject("degraded"));
      Thread.sleep(5_000);
      int spanishWhileDown = spanish.finals().size();
      apertium.restart();
      int finalsAtRestart = source.finals().size();

      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(90));
      List<JsonObject> finals = source.awaitFinals((int) ended.getJsonObject("stats").getLong("captions").longValue(),
          Duration.ofSeconds(5));
      List<JsonObject> translated = TranslatedCaptionsEndToEndTest.awaitCovering(spanish, finals,
          Duration.ofSeconds(30));
      source.close();
      spanish.close();
      String text = finals.stream().map(f -> f.getString("text")).collect(Collectors.joining(" "));
      double wer = WordErrorRate.of(String.join(" ", SENTENCES), text);
      System.out.printf("restart: %d source finals (%d at the kill, %d at the restart), WER %.3f; %d Spanish finals"
          + " (%d while down)%n", finals.size(), finalsAtKill, finalsAtRestart, wer, translated.size(), spanishWhileDown);
      assertTrue(finalsAtRestart > finalsAtKill, "source finals go on while APy is down");
      assertTrue(wer <= 0.3, "the source captions as good as ever: WER " + wer + " for: " + text);
      TranslatedCaptionsEndToEndTest.checkEachUnit(finals, translated, "eng-spa");
      assertFalse(api.get("/api/streams/" + id).json().getJsonObject("degraded").containsKey("translation"),
          "well again once APy is back");
    }
  }
}
