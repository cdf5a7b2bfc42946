package io.captiond.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

  @TempDir
  Path dir;

  @Test
  void embeddedDefaultsHoldTheKeysOutsideToolsRelyOn() {
    Config config = Config.defaults();
    assertEquals(8080, config.integer("http.port"));
    assertEquals(1935, config.integer("rtmp.port"));
    assertEquals("data", config.string("data.dir"));
    assertEquals("", config.string("api.token"));
    assertEquals("models/silero_vad_v5.onnx", config.string("vad.model"));
  }

  @Test
  void fileOverridesDefaultsAndEnvironmentOverridesFile() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "http:\n  port: 9000\nvad:\n  threshold: 0.6\n");
    Config config = Config.load(file, Map.of("CAPTIOND_HTTP_PORT", "9100", "CAPTIOND_NODE_ROLES", "asr",
        "PATH", "/bin"));
    assertEquals(9100, config.integer("http.port"));
    assertEquals(0.6, config.decimal("vad.threshold"), 1e-9);
    assertEquals(List.of("asr"), config.list("node.roles"));
    assertEquals("CAPTIOND_VAD_MIN_SILENCE_MS", Config.envName("vad.min_silence_ms"));
  }

  @Test
  void unknownKeyInFileIsRejectedByName() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "http:\n  prot: 9000\n");
    ConfigException e = assertThrows(ConfigException.class, () -> Config.load(file, Map.of()));
    assertEquals("http.prot", e.key());
  }

  @Test
  void wrongTypesAreRejectedByName() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "http:\n  port: eighty\n");
    assertEquals("http.port", assertThrows(ConfigException.class, () -> Config.load(file, Map.of())).key());
    assertEquals("vad.threshold", assertThrows(ConfigException.class,
        () -> Config.load(null, Map.of("CAPTIOND_VAD_THRESHOLD", "high"))).key());
    assertEquals("CAPTIOND_HTTP_PROT", assertThrows(ConfigException.class,
        () -> Config.load(null, Map.of("CAPTIOND_HTTP_PROT", "1"))).key());
  }

  @Test
  void invalidYamlIsReported() throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "http: [unclosed\n");
    ConfigException e = assertThrows(ConfigException.class, () -> Config.load(file, Map.of()));
    assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
  }

  @Test
  void badConfigurationStopsTheServerWithExitCodeTwoNamingTheKey() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName()).redirectErrorStream(true);
    builder.environment().put("CAPTIOND_HTTP_PORT", "not-a-port");
    builder.environment().put("CAPTIOND_DATA_DIR", dir.resolve("data").toString());
    Process process = builder.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exits");
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(2, process.exitValue(), output);
    assertTrue(output.contains("http.port"), output);

    ProcessBuilder outOfRange = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName()).redirectErrorStream(true);
    outOfRange.environment().put("CAPTIOND_ASR_CONCURRENCY", "0");
    outOfRange.environment().put("CAPTIOND_DATA_DIR", dir.resolve("data").toString());
    Process second = outOfRange.start();
    assertTrue(second.waitFor(60, TimeUnit.SECONDS), "exits");
    String secondOutput = new String(second.getInputStream().readAllBytes());
    assertEquals(2, second.exitValue(), secondOutput);
    assertTrue(secondOutput.contains("asr.concurrency"), secondOutput);
  }

  @Test
  void aConfiguredApiTokenShorterThan32CharactersStopsTheServerWithExitCodeTwo() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName()).redirectErrorStream(true);
    builder.environment().put("CAPTIOND_API_TOKEN", "letmein");
    builder.environment().put("CAPTIOND_DATA_DIR", dir.resolve("data").toString());
    Process process = builder.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exits");
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(2, process.exitValue(), output);
    assertTrue(output.contains("api.token"), output);
    assertTrue(!output.contains("letmein"), "the refused token is not echoed: " + output);
  }

  @Test
  void badMetricsKeysAreRejectedByName() {
    for (Map.Entry<String, String> bad : Map.of("CAPTIOND_METRICS_PORT", "-2", "CAPTIOND_METRICS_HOST", " ")
        .entrySet()) {
      Config config = Config.load(null, Map.of(bad.getKey(), bad.getValue()));
      String key = bad.getKey().substring(Config.ENV_PREFIX.length()).toLowerCase(java.util.Locale.ROOT)
          .replaceFirst("_", ".");
      ConfigException e = assertThrows(ConfigException.class, () -> NodeSettings.metrics(config), bad.getKey());
      assertEquals(key, e.key(), e.getMessage());
    }
  }

  @Test
  void aBadCaptionStepStopsTheServerNamingTheFullKeyPath() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName()).redirectErrorStream(true);
    builder.environment().put("CAPTIOND_CAPTIONS_STEP_MS", "-5");
    builder.environment().put("CAPTIOND_DATA_DIR", dir.resolve("data").toString());
    Process process = builder.start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "exits");
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(2, process.exitValue(), output);
    assertTrue(output.contains("captions.step_ms"), output);
  }

  @Test
  void everySettingsRecordNamesTheFullKeyOfABadValue() {
    Map<String, String> bad = new java.util.LinkedHashMap<>();
    bad.put("CAPTIOND_CAPTIONS_MAX_WINDOW_MS", "1000");
    bad.put("CAPTIOND_CAPTIONS_TRIM_AFTER_MS", "40000");
    bad.put("CAPTIOND_CAPTIONS_NO_SPEECH_THRESHOLD", "2");
    bad.put("CAPTIOND_CUES_MAX_LINES", "9");
    bad.put("CAPTIOND_CUES_SILENCE_MS", "10");
    bad.put("CAPTIOND_VAD_THREADS", "0");
    bad.put("CAPTIOND_PULL_CHUNK_MS", "5");
    bad.put("CAPTIOND_WHISPER_BEAM_SIZE", "17");
    bad.put("CAPTIOND_WHISPER_DEVICE", "tpu");
    bad.put("CAPTIOND_WHISPER_VARIANT", "../x");
    bad.put("CAPTIOND_NODE_ROLES", "web");
    for (Map.Entry<String, String> entry : bad.entrySet()) {
      Config config = Config.load(null, Map.of(entry.getKey(), entry.getValue()));
      String key = entry.getKey().substring(Config.ENV_PREFIX.length()).toLowerCase(java.util.Locale.ROOT)
          .replaceFirst("_", ".");
      ConfigException e = assertThrows(ConfigException.class, () -> readAll(config), entry.getKey());
      assertEquals(key, e.key(), e.getMessage());
      assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
    }
  }

  @Test
  void aLeastSyncedVideoDelayBeyondTheLongestHoldIsRejectedByName() {
    Config defaults = Config.defaults();
    assertEquals(4_000, IngestSettings.subtitles(defaults, IngestSettings.rtmpIngest(defaults)).videoDelayMs());
    Config config = Config.load(null, Map.of("CAPTIOND_HLS_OUT_SYNC_MIN_DELAY_MS", "14001"));
    ConfigException e = assertThrows(ConfigException.class,
        () -> IngestSettings.subtitles(config, IngestSettings.rtmpIngest(config)));
    assertEquals("hls_out.sync_min_delay_ms", e.key(), e.getMessage());
    assertTrue(e.getMessage().contains("14000 ms"), "a window and a segment by default: " + e.getMessage());
  }

  private static void readAll(Config config) {
    NodeSettings.from(config);
    CaptionSettings.policies(config);
    CaptionSettings.cues(config);
    IngestSettings.vad(config);
    IngestSettings.pull(config);
    Engines.whisperSettings(config);
  }
}
