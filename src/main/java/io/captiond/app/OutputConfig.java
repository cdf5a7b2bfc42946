package io.captiond.app;

import io.captiond.captions.cea608.CaptionChannel;
import io.captiond.media.embed.EmbedConfig;
import io.captiond.restream.OutputSettings;
import io.captiond.restream.RestreamConfig;
import java.time.Duration;
import java.util.Locale;

/** Reads {@link OutputSettings}: {@code hls_out.embedded_captions}, {@code embedded_captions.*}, {@code restream.*}. */
final class OutputConfig {

  private OutputConfig() {}

  static OutputSettings outputs(Config config) {
    EmbedConfig.Timing timing = switch (config.string(OutputSettings.TIMING)) {
      case "live" -> EmbedConfig.Timing.LIVE;
      case "synced" -> EmbedConfig.Timing.SYNCED;
      default -> throw new ConfigException(OutputSettings.TIMING, "must be live or synced, was '"
          + config.string(OutputSettings.TIMING) + "'");
    };
    int delay = config.integer(OutputSettings.DELAY_MS, 1, (int) EmbedConfig.MAX_DELAY_MS);
    CaptionChannel.Mode mode = switch (config.string(OutputSettings.MODE).toLowerCase(Locale.ROOT)) {
      case "roll_up" -> CaptionChannel.Mode.ROLL_UP;
      case "pop_on" -> CaptionChannel.Mode.POP_ON;
      default -> throw new ConfigException(OutputSettings.MODE, "must be roll_up or pop_on, was '"
          + config.string(OutputSettings.MODE) + "'");
    };
    int rows = config.integer(OutputSettings.ROWS, 1, 4);
    double fps = config.decimal(OutputSettings.FRAME_RATE);
    if (fps < 1 || fps > 240) {
      throw new ConfigException(OutputSettings.FRAME_RATE, "must be between 1 and 240, was " + fps);
    }
    int clearAfter = config.integer(OutputSettings.CLEAR_AFTER_MS, 0, 600_000);
    int maxOutputs = config.integer(OutputSettings.MAX_OUTPUTS, 0, 1_000);
    int connect = config.integer(OutputSettings.CONNECT_TIMEOUT_MS, 100, 600_000);
    int initial = config.integer(OutputSettings.INITIAL_BACKOFF_MS, 10, 600_000);
    int max = config.integer(OutputSettings.MAX_BACKOFF_MS, initial, 3_600_000);
    int queued = config.integer(OutputSettings.MAX_QUEUED_BYTES, 65_536, 1 << 30);
    RestreamConfig defaults = RestreamConfig.defaults();
    RestreamConfig restream = new RestreamConfig(Duration.ofMillis(connect), Duration.ofMillis(initial),
        Duration.ofMillis(max), 0, defaults.chunkSize(), queued, defaults.maxIncomingMessage());
    try {
      return new OutputSettings(config.bool(OutputSettings.HLS_OUT_EMBEDDED_CAPTIONS), timing,
          timing == EmbedConfig.Timing.LIVE ? 0 : delay, mode, rows,
          io.captiond.restream.StreamOutputs.frameRate(fps, null), clearAfter, maxOutputs, restream);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(OutputSettings.ROWS, e.getMessage());
    }
  }
}
