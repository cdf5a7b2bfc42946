package io.captiond.app;

import io.captiond.asr.pocketsphinx.PocketSphinxSettings;
import io.captiond.captions.CueLayout;
import io.captiond.session.HallucinationGuard;
import io.captiond.session.IncrementalPolicy;
import io.captiond.session.PolicyFactory;
import io.captiond.session.StreamingPolicy;
import io.captiond.session.UtterancePolicy;
import io.captiond.settings.Check;
import io.captiond.settings.SettingException;

/**
 * The {@code captions.*} and {@code cues.*} keys, read into the policy and layout settings. The key
 * names live here; each value is checked against its key's range before the pure records (which keep
 * their own invariants for code that builds them directly) see it, so a bad value names its full key.
 */
final class CaptionSettings {

  static final String POLICY = "captions.policy";
  static final String STEP_MS = "captions.step_ms";
  static final String MAX_STEP_MS = "captions.max_step_ms";
  static final String MIN_UTTERANCE_MS = "captions.min_utterance_ms";
  static final String MAX_UTTERANCE_MS = "captions.max_utterance_ms";
  static final String TRIM_AFTER_MS = "captions.trim_after_ms";
  static final String MAX_WINDOW_MS = "captions.max_window_ms";
  static final String NO_SPEECH_THRESHOLD = "captions.no_speech_threshold";
  static final String LOGPROB_THRESHOLD = "captions.logprob_threshold";
  static final String COMPRESSION_RATIO_THRESHOLD = "captions.compression_ratio_threshold";
  static final String MAX_REPEATS = "captions.max_repeats";
  static final String POCKETSPHINX_MODE = "pocketsphinx.mode";

  static final String CUES_MAX_LINES = "cues.max_lines";
  static final String CUES_MAX_LINE_CHARS = "cues.max_line_chars";
  static final String CUES_MIN_DURATION_MS = "cues.min_duration_ms";
  static final String CUES_MAX_DURATION_MS = "cues.max_duration_ms";
  static final String CUES_PAUSE_MS = "cues.pause_ms";
  static final String CUES_SILENCE_MS = "cues.silence_ms";

  /**
   * Not a key: audio kept during silence so that a speech start the VAD reports late, and pads back by
   * {@code vad.speech_pad_ms}, still finds its samples. Above the VAD's largest lag (min_speech_ms 250 +
   * speech_pad_ms 200 + a frame) with room to spare; raising it only costs memory.
   */
  static final long IDLE_KEEP_MS = 2_000;
  /**
   * Not a key: a re-decoded word starting within this of the last confirmed word's end is taken for
   * the same speech heard again (LocalAgreement's seam); Whisper's word times wander by a few hundred ms.
   */
  static final long SEAM_MS = 500;
  /** Not a key: the longest phrase the repetition guard looks for, in words (a sentence-long loop). */
  static final int GUARD_MAX_NGRAM = 8;

  private CaptionSettings() {}

  /** {@code pocketsphinx.mode}: how pocketsphinx streams are captioned, which also decides the decoders it loads. */
  static PocketSphinxSettings.Mode pocketsphinxMode(Config config) {
    return switch (config.string(POCKETSPHINX_MODE)) {
      case "streaming" -> PocketSphinxSettings.Mode.STREAMING;
      case "windowed" -> PocketSphinxSettings.Mode.WINDOWED;
      default -> throw new ConfigException(POCKETSPHINX_MODE, "unknown mode '" + config.string(POCKETSPHINX_MODE)
          + "'; modes are streaming and windowed");
    };
  }

  static PolicyFactory policies(Config config) {
    return ConfigException.keyed(() -> incremental(config, readPolicies(config)));
  }

  /**
   * pocketsphinx is a streaming recognizer: with {@code pocketsphinx.mode: streaming} its streams feed it
   * their speech as it arrives ({@link IncrementalPolicy}); {@code windowed} re-decodes it like Whisper.
   */
  private static PolicyFactory incremental(Config config, PolicyFactory windowed) {
    if (pocketsphinxMode(config) == PocketSphinxSettings.Mode.WINDOWED) {
      return windowed;
    }
    long step = Check.range(STEP_MS, "step", config.longValue(STEP_MS), 100, 5_000);
    long minSpeech = Check.range(MIN_UTTERANCE_MS, "min utterance", config.longValue(MIN_UTTERANCE_MS), 0, 5_000);
    long maxUtterance = Check.range(MAX_UTTERANCE_MS, "max utterance", config.longValue(MAX_UTTERANCE_MS), 1_000, 30_000);
    IncrementalPolicy.Config incremental = build("captions", () -> new IncrementalPolicy.Config(step, maxUtterance,
        minSpeech, IDLE_KEEP_MS, SEAM_MS, IncrementalPolicy.DEFAULT_STABLE_MS, guard(config)));
    return PolicyFactory.incrementalFor(java.util.Set.of(Engines.POCKETSPHINX), config.string(NodeSettings.ASR_ENGINE),
        incremental, windowed);
  }

  static CueLayout.Config cues(Config config) {
    return ConfigException.keyed(() -> readCues(config));
  }

  private static PolicyFactory readPolicies(Config config) {
    String policy = config.string(POLICY);
    long step = Check.range(STEP_MS, "step", config.longValue(STEP_MS), 100, 5_000);
    long minSpeech = Check.range(MIN_UTTERANCE_MS, "min utterance", config.longValue(MIN_UTTERANCE_MS), 0, 5_000);
    return switch (policy) {
      case "streaming" -> PolicyFactory.streaming(streaming(config, step, minSpeech));
      case "utterance" -> PolicyFactory.utterance(build(STEP_MS + ", " + MAX_UTTERANCE_MS,
          () -> new UtterancePolicy.Config(step, Check.range(MAX_UTTERANCE_MS, "max utterance",
              config.longValue(MAX_UTTERANCE_MS), 1_000, 30_000), minSpeech, IDLE_KEEP_MS)));
      default -> throw new ConfigException(POLICY, "unknown policy '" + policy + "'; policies are streaming and utterance");
    };
  }

  private static CueLayout.Config readCues(Config config) {
    int lines = Check.range(CUES_MAX_LINES, "max lines", config.integer(CUES_MAX_LINES), 1, 4);
    int chars = Check.range(CUES_MAX_LINE_CHARS, "max line length", config.integer(CUES_MAX_LINE_CHARS), 10, 200);
    long minDuration = Check.range(CUES_MIN_DURATION_MS, "min duration", config.longValue(CUES_MIN_DURATION_MS),
        0, Long.MAX_VALUE);
    long maxDuration = Check.range(CUES_MAX_DURATION_MS, "max duration", config.longValue(CUES_MAX_DURATION_MS),
        Math.max(500, minDuration), Long.MAX_VALUE);
    long pause = Check.range(CUES_PAUSE_MS, "pause", config.longValue(CUES_PAUSE_MS), 0, Long.MAX_VALUE);
    long silence = Check.range(CUES_SILENCE_MS, "silence", config.longValue(CUES_SILENCE_MS), pause, Long.MAX_VALUE);
    return build("cues", () -> new CueLayout.Config(lines, chars, minDuration, maxDuration, pause, silence));
  }

  private static StreamingPolicy.Config streaming(Config config, long step, long minSpeech) {
    long window = Check.range(MAX_WINDOW_MS, "max window", config.longValue(MAX_WINDOW_MS),
        Math.max(2_000, 2 * step), 30_000);
    long trim = Check.range(TRIM_AFTER_MS, "trim after", config.longValue(TRIM_AFTER_MS), step, window);
    // Between the step and half the window (so that a window still holds two steps), whatever the other two are.
    long maxStepKey = Check.range(MAX_STEP_MS, "max step", config.longValue(MAX_STEP_MS), 0, 10_000);
    long maxStep = maxStepKey == 0 ? 0 : Math.max(step, Math.min(maxStepKey, window / 2));
    HallucinationGuard.Config guard = guard(config);
    return build("captions", () -> new StreamingPolicy.Config(step, trim, window, minSpeech, IDLE_KEEP_MS, SEAM_MS,
        guard, maxStep));
  }

  private static HallucinationGuard.Config guard(Config config) {
    return build("captions", () -> new HallucinationGuard.Config(
        noSpeech(config), logprob(config), compression(config), GUARD_MAX_NGRAM,
        Check.range(MAX_REPEATS, "max repeats", config.integer(MAX_REPEATS), 1, 100)));
  }

  private static double noSpeech(Config config) {
    double value = config.decimal(NO_SPEECH_THRESHOLD);
    Check.require(NO_SPEECH_THRESHOLD, value > 0 && value <= 1, "must be in (0, 1], was " + value);
    return value;
  }

  private static double logprob(Config config) {
    double value = config.decimal(LOGPROB_THRESHOLD);
    Check.require(LOGPROB_THRESHOLD, value <= 0, "must be 0 or less, was " + value);
    return value;
  }

  private static double compression(Config config) {
    double value = config.decimal(COMPRESSION_RATIO_THRESHOLD);
    Check.require(COMPRESSION_RATIO_THRESHOLD, value > 1, "must be above 1, was " + value);
    return value;
  }

  /** Builds a record; a rule the checks above missed is reported under {@code keys}. */
  private static <T> T build(String keys, java.util.function.Supplier<T> record) {
    try {
      return record.get();
    } catch (SettingException e) {
      throw new ConfigException(e);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(keys, e.getMessage());
    }
  }
}
