package io.captiond.app;

import io.captiond.captions.CueLayout;
import io.captiond.session.HallucinationGuard;
import io.captiond.session.PolicyFactory;
import io.captiond.session.StreamingPolicy;
import io.captiond.session.UtterancePolicy;

/** Reads the {@code captions.*} and {@code cues.*} keys into the policy and layout settings. */
final class CaptionSettings {

  private CaptionSettings() {}

  static PolicyFactory policies(Config config) {
    String policy = config.string("captions.policy");
    long step = config.longValue("captions.step_ms");
    long minSpeech = config.longValue("captions.min_utterance_ms");
    try {
      return switch (policy) {
        case "streaming" -> PolicyFactory.streaming(new StreamingPolicy.Config(step,
            config.longValue("captions.trim_after_ms"), config.longValue("captions.max_window_ms"), minSpeech,
            2_000, 500, guard(config)));
        case "utterance" -> PolicyFactory.utterance(new UtterancePolicy.Config(step,
            config.longValue("captions.max_utterance_ms"), minSpeech, 2_000));
        default -> throw new ConfigException("captions.policy",
            "unknown policy '" + policy + "'; policies are streaming and utterance");
      };
    } catch (IllegalArgumentException e) {
      throw new ConfigException("captions", e.getMessage());
    }
  }

  static CueLayout.Config cues(Config config) {
    try {
      return new CueLayout.Config(config.integer("cues.max_lines"), config.integer("cues.max_line_chars"),
          config.longValue("cues.min_duration_ms"), config.longValue("cues.max_duration_ms"),
          config.longValue("cues.pause_ms"), config.longValue("cues.silence_ms"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("cues", e.getMessage());
    }
  }

  private static HallucinationGuard.Config guard(Config config) {
    return new HallucinationGuard.Config(config.decimal("captions.no_speech_threshold"),
        config.decimal("captions.logprob_threshold"), config.decimal("captions.compression_ratio_threshold"),
        8, config.integer("captions.max_repeats", 1, 100));
  }
}
