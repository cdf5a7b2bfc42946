package io.captiond.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.captiond.testing.ApiClient;
import io.captiond.testing.Fixtures;
import io.captiond.testing.Flite;
import io.captiond.testing.TestServer;
import io.captiond.testing.WordErrorRate;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pocketsphinx fed as its speech arrives ({@code pocketsphinx.mode: streaming}) against re-decoding the
 * growing window ({@code windowed}), through the whole server on the same speech: the streaming finals
 * are as right as the windowed ones on jfk, and the CPU each mode spent is printed with the load (not
 * asserted: the machine is shared). Tagged slow (-Pall-tests): about 75 s, a comparison of two modes of which the
 * default suite checks each on its own (PocketSphinxFeedTest, the end-to-end tests on the default windowed mode).
 */
@Tag("slow")
class PocketSphinxModesEndToEndTest {

  private static final List<String> SENTENCES = List.of(
      "The birch canoe slid on the smooth planks.",
      "Glue the sheet to the dark blue background.",
      "It's easy to tell the depth of a well.",
      "These days a chicken leg is a rare dish.",
      "Rice is often served in round bowls.",
      "The juice of lemons makes fine punch.");

  @TempDir
  Path data;

  record Run(String text, double wer, int partials, double cpuSeconds) {}

  @Test
  void streamingFinalsMatchTheWindowedFinalsOnJfkAndStayWithinTheEnginesBoundOnHarnessSpeech() throws Exception {
    Path harness = Flite.speak(SENTENCES, 1_200, data.resolve("harness.wav"));
    String reference = String.join(" ", SENTENCES);
    Run windowed = caption("windowed", harness, reference);
    Run streaming = caption("streaming", harness, reference);
    Run jfkWindowed = caption("windowed", Fixtures.jfkWav(), Fixtures.jfkReference());
    Run jfkStreaming = caption("streaming", Fixtures.jfkWav(), Fixtures.jfkReference());
    for (Run run : List.of(windowed, streaming, jfkWindowed, jfkStreaming)) {
      System.out.printf("pocketsphinx modes: WER %.3f, %d partials, server CPU %.2f s: %s%n", run.wer(), run.partials(),
          run.cpuSeconds(), run.text());
    }
    System.out.printf("pocketsphinx modes, server CPU over the same speech: harness windowed %.2f s, streaming %.2f s;"
        + " jfk windowed %.2f s, streaming %.2f s (load %.2f)%n", windowed.cpuSeconds(), streaming.cpuSeconds(),
        jfkWindowed.cpuSeconds(), jfkStreaming.cpuSeconds(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    assertFalse(streaming.text().isEmpty());
    assertTrue(streaming.partials() > 0, "tentative text while speech goes on");
    assertTrue(jfkStreaming.wer() <= jfkWindowed.wer() + 0.1,
        "jfk WER streaming " + jfkStreaming.wer() + " windowed " + jfkWindowed.wer());
    // Issue 15: the live decode was behind here (0.48-0.54 against 0.31-0.35) while its cepstral mean followed
    // whatever its decoder heard; with a mean per utterance it gave 0.333 against 0.375 (2026-12-01). Held
    // to the engine's bound here; the load harness's sweep decides which mode is the default.
    assertTrue(streaming.wer() <= 0.7, "harness WER streaming " + streaming.wer() + " windowed " + windowed.wer());
  }

  /** One server in {@code mode}, one stream of {@code wav} in real time; CPU is the process's over the stream. */
  private Run caption(String mode, Path wav, String reference) throws Exception {
    Path dir = data.resolve(mode + "-" + wav.getFileName());
    try (TestServer server = TestServer.start(TestServer.config(dir, Map.of("pocketsphinx.mode", mode)))) {
      ApiClient api = server.api();
      long cpuBefore = processCpuNanos();
      String id = api.createPull(mode, wav.toString(), true).getString("id");
      ApiClient.CaptionListener viewer = api.listen(id, 0);
      JsonObject ended = api.awaitState(id, "ended", Duration.ofSeconds(120));
      List<JsonObject> finals = viewer.awaitFinals(
          (int) ended.getJsonObject("stats").getLong("captions").longValue(), Duration.ofSeconds(5));
      double cpu = (processCpuNanos() - cpuBefore) / 1e9;
      viewer.close();
      String text = finals.stream().map(f -> f.getString("text")).collect(Collectors.joining(" "));
      return new Run(text, WordErrorRate.of(reference, text), viewer.partials().size(), cpu);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
