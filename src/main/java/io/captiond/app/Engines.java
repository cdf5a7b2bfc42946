package io.captiond.app;

import io.captiond.asr.AsrException;
import io.captiond.asr.EngineCatalog;
import io.captiond.asr.LanguageSupport;
import io.captiond.asr.pocketsphinx.PocketSphinxSearch;
import io.captiond.asr.pocketsphinx.PocketSphinxSettings;
import io.captiond.asr.pocketsphinx.PocketSphinxEngine;
import io.captiond.asr.whisper.WhisperEngine;
import io.captiond.asr.whisper.WhisperSettings;
import io.captiond.onnx.OnnxEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Loads the ASR engines an {@code asr} node serves, once per process, into an {@link EngineCatalog}:
 * pocketsphinx, and the Whisper models of {@code whisper.models} ({@code name=path} each).
 */
final class Engines {

  static final String POCKETSPHINX = "pocketsphinx";
  static final List<String> NAMES = List.of(POCKETSPHINX);
  private static final Logger LOG = Logger.getLogger(Engines.class.getName());

  private Engines() {}

  static PocketSphinxSearch pocketsphinxSearch(Config config) {
    return ConfigException.keyed(() -> new PocketSphinxSearch(config.decimal(PocketSphinxSearch.BEAM),
        config.decimal(PocketSphinxSearch.WBEAM), config.decimal(PocketSphinxSearch.PBEAM),
        config.integer(PocketSphinxSearch.PL_WINDOW), config.integer(PocketSphinxSearch.MAXHMMPF),
        config.integer(PocketSphinxSearch.MAXWPF), config.integer(PocketSphinxSearch.TOPN),
        config.bool(PocketSphinxSearch.FWDFLAT), config.bool(PocketSphinxSearch.BESTPATH),
        config.integer(PocketSphinxSearch.DS)));
  }

  static EngineCatalog load(Config config, int concurrency) {
    Map<String, Path> whisper = whisperModels(config);
    String engine = defaultEngine(config, whisper);
    WhisperSettings settings = whisperSettings(config);
    EngineCatalog catalog = new EngineCatalog(engine);
    try {
      if (engine.equals(POCKETSPHINX) || Files.isDirectory(Path.of(config.string(PocketSphinxSettings.HMM)))) {
        long began = System.nanoTime();
        int openUtterances = config.integer(PocketSphinxSettings.OPEN_UTTERANCES, 1, 1_024);
        PocketSphinxEngine pocketsphinx = new PocketSphinxEngine(new PocketSphinxSettings(
            Path.of(config.string(PocketSphinxSettings.HMM)), Path.of(config.string(PocketSphinxSettings.LM)),
            Path.of(config.string(PocketSphinxSettings.DICT)), concurrency, openUtterances,
            pocketsphinxSearch(config), CaptionSettings.pocketsphinxMode(config),
            config.integer(PocketSphinxSettings.READY_DECODERS, 0, openUtterances)));
        long ms = (System.nanoTime() - began) / 1_000_000;
        catalog.put(new EngineCatalog.Loaded(pocketsphinx,
            new EngineCatalog.Description(POCKETSPHINX, "pocketsphinx", "CPU", concurrency,
                config.string(PocketSphinxSettings.HMM), ms)));
        LOG.info(() -> "ASR engine pocketsphinx loaded on CPU in " + ms
            + " ms (low-accuracy fallback; Whisper is the engine for quality)");
      }
    } catch (AsrException e) {
      catalog.close();
      throw new ConfigException(PocketSphinxSettings.HMM, e.getMessage());
    }
    EngineCatalog.Loader loader = whisperLoader(settings);
    for (Map.Entry<String, Path> model : whisper.entrySet()) {
      try {
        catalog.put(loader.load(model.getKey(), model.getValue()));
      } catch (AsrException e) {
        catalog.close();
        throw new ConfigException(WhisperSettings.MODELS, model.getKey() + "=" + model.getValue() + ": " + e.getMessage());
      }
    }
    return catalog;
  }

  /**
   * What each engine transcribes, for checking a stream's language at creation: the loaded engine's
   * own answer where this node runs it; else pocketsphinx's model language or a Whisper model's table.
   *
   * @param catalog this node's engines; {@code null} on a node without the asr role
   */
  static Function<String, LanguageSupport> languages(EngineCatalog catalog, Config config) {
    String defaultEngine = config.string(NodeSettings.ASR_ENGINE);
    LanguageSupport pocketsphinx = LanguageSupport.only(new PocketSphinxSettings(
        Path.of(config.string(PocketSphinxSettings.HMM)), Path.of(config.string(PocketSphinxSettings.LM)),
        Path.of(config.string(PocketSphinxSettings.DICT)), 1).language());
    return engine -> {
      String name = engine == null ? defaultEngine : engine;
      if (catalog != null) {
        Optional<EngineCatalog.Lease> lease = catalog.acquire(name);
        if (lease.isPresent()) {
          try (EngineCatalog.Lease held = lease.get()) {
            return held.engine().languages();
          }
        }
      }
      return name.equals(POCKETSPHINX) ? pocketsphinx : WhisperEngine.multilingual();
    };
  }

  /** Every engine name the configuration declares, whether or not this node loads it. */
  static Set<String> declaredNames(Config config) {
    Set<String> names = new LinkedHashSet<>(NAMES);
    names.addAll(whisperModels(config).keySet());
    return names;
  }

  /** Loads Whisper model folders with this node's {@code whisper.*} settings, with a log line each. */
  static EngineCatalog.Loader whisperLoader(WhisperSettings settings) {
    return (name, dir) -> {
      long began = System.nanoTime();
      WhisperEngine engine = WhisperEngine.load(name, dir, settings);
      long ms = (System.nanoTime() - began) / 1_000_000;
      var c = engine.model().config();
      String threads = OnnxEnvironment.sharesPool(settings.threads())
          ? "the shared pool of " + OnnxEnvironment.sharedThreads() + " threads"
          : settings.threads() == 0 ? "ONNX Runtime's default threads"
          : settings.threads() + (settings.threads() == 1 ? " thread" : " threads") + " per session";
      LOG.info(() -> "ASR engine " + name + " loaded: Whisper (d_model " + c.dModel() + ", " + c.decoderLayers()
          + " decoder layers" + (settings.variant().isEmpty() ? "" : ", variant " + settings.variant()) + ") from "
          + dir.toAbsolutePath() + " on " + engine.model().device() + " with " + threads + " in " + ms + " ms; "
          + (settings.beamSize() == 1 ? "greedy" : "beam " + settings.beamSize()) + ", batches of up to "
          + settings.batchSize());
      return new EngineCatalog.Loaded(engine, new EngineCatalog.Description(name, "whisper", engine.model().device(),
          settings.threads(), dir.toString(), ms));
    };
  }

  static WhisperSettings whisperSettings(Config config) {
    List<Double> temperatures = new ArrayList<>();
    // the embedded defaults hold numbers, overrides strings
    for (Object t : (List<?>) config.list(WhisperSettings.TEMPERATURES)) {
      try {
        temperatures.add(Double.parseDouble(String.valueOf(t).strip()));
      } catch (NumberFormatException e) {
        throw new ConfigException(WhisperSettings.TEMPERATURES, "'" + t + "' is not a number");
      }
    }
    return ConfigException.keyed(() -> new WhisperSettings(config.integer(WhisperSettings.THREADS),
        WhisperSettings.Device.parse(config.string(WhisperSettings.DEVICE)), config.string(WhisperSettings.VARIANT),
        config.integer(WhisperSettings.BEAM_SIZE), 1.0, temperatures,
        config.decimal(WhisperSettings.COMPRESSION_RATIO_THRESHOLD), config.decimal(WhisperSettings.LOGPROB_THRESHOLD),
        config.decimal(WhisperSettings.NO_SPEECH_THRESHOLD), config.integer(WhisperSettings.BATCH_SIZE),
        config.integer(WhisperSettings.BATCH_WAIT_MS)));
  }

  /** {@code whisper.models}: {@code name=path} entries, checked. */
  static Map<String, Path> whisperModels(Config config) {
    Map<String, Path> models = new LinkedHashMap<>();
    for (String entry : config.list(WhisperSettings.MODELS)) {
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new ConfigException(WhisperSettings.MODELS, "entries are name=path, got '" + entry + "'");
      }
      String name = entry.substring(0, eq).strip();
      if (!EngineCatalog.NAME.matcher(name).matches() || name.equals(POCKETSPHINX)) {
        throw new ConfigException(WhisperSettings.MODELS, "'" + name + "' is not a usable engine name (letters, digits, "
            + ". _ -, at most 32, not pocketsphinx)");
      }
      if (models.put(name, Path.of(entry.substring(eq + 1).strip())) != null) {
        throw new ConfigException(WhisperSettings.MODELS, "'" + name + "' is named twice");
      }
    }
    return models;
  }

  private static String defaultEngine(Config config, Map<String, Path> whisper) {
    String engine = config.string(NodeSettings.ASR_ENGINE);
    if (!NAMES.contains(engine) && !whisper.containsKey(engine)) {
      List<String> available = new ArrayList<>(NAMES);
      available.addAll(whisper.keySet());
      throw new ConfigException(NodeSettings.ASR_ENGINE, "unknown engine '" + engine + "'; available: " + available
          + " (Whisper models are declared in whisper.models)");
    }
    return engine;
  }
}
