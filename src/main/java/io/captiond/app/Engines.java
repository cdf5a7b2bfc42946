package io.captiond.app;

import io.captiond.asr.AsrEngine;
import io.captiond.asr.AsrException;
import io.captiond.asr.pocketsphinx.PocketSphinxConfig;
import io.captiond.asr.pocketsphinx.PocketSphinxEngine;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/** Loads the ASR engines an {@code asr} node serves, once per process. */
final class Engines {

  static final String POCKETSPHINX = "pocketsphinx";
  static final List<String> NAMES = List.of(POCKETSPHINX);
  private static final Logger LOG = Logger.getLogger(Engines.class.getName());

  private Engines() {}

  static Map<String, AsrEngine> load(Config config, int concurrency) {
    String engine = config.string("asr.engine");
    if (!NAMES.contains(engine)) {
      throw new ConfigException("asr.engine", "unknown engine '" + engine + "'; available: " + NAMES);
    }
    Map<String, AsrEngine> engines = new LinkedHashMap<>();
    try {
      long began = System.nanoTime();
      engines.put(POCKETSPHINX, new PocketSphinxEngine(new PocketSphinxConfig(
          Path.of(config.string("pocketsphinx.hmm")), Path.of(config.string("pocketsphinx.lm")),
          Path.of(config.string("pocketsphinx.dict")), concurrency)));
      LOG.info(() -> "ASR engine pocketsphinx loaded on CPU in " + (System.nanoTime() - began) / 1_000_000
          + " ms (low-accuracy fallback; Whisper is the engine for quality)");
    } catch (AsrException e) {
      throw new ConfigException("pocketsphinx", e.getMessage());
    }
    return engines;
  }
}
