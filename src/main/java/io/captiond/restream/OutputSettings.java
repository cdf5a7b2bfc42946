package io.captiond.restream;

import io.captiond.captions.cea608.CaptionChannel;
import io.captiond.captions.cea608.FrameRate;
import io.captiond.media.embed.EmbedConfig;

/**
 * How a stream's re-published video carries its captions and how its restream outputs behave; the
 * keys are documented in {@code conf/captiond.yaml}.
 *
 * @param hlsCaptions {@code hls_out.embedded_captions}: the HLS re-publication carries CEA-608/708
 * @param timing {@code embedded_captions.timing}: live (as confirmed) or synced (output delayed)
 * @param delayMs {@code embedded_captions.delay_ms}: how long a synced output is held
 * @param mode {@code embedded_captions.mode}: roll-up or pop-on
 * @param rows {@code embedded_captions.rows}: roll-up depth or pop-on rows
 * @param defaultRate the video's frame rate when the publisher's metadata gives none
 * @param clearAfterMs the screen is erased once the captions have been quiet this long
 * @param maxOutputs restream outputs per stream
 * @param restream each output's connection limits and back-off
 */
public record OutputSettings(boolean hlsCaptions, EmbedConfig.Timing timing, long delayMs, CaptionChannel.Mode mode,
    int rows, FrameRate defaultRate, long clearAfterMs, int maxOutputs, RestreamConfig restream) {

  public static final String HLS_OUT_EMBEDDED_CAPTIONS = "hls_out.embedded_captions";
  public static final String TIMING = "embedded_captions.timing";
  public static final String DELAY_MS = "embedded_captions.delay_ms";
  public static final String MODE = "embedded_captions.mode";
  public static final String ROWS = "embedded_captions.rows";
  public static final String FRAME_RATE = "embedded_captions.frame_rate";
  public static final String CLEAR_AFTER_MS = "embedded_captions.clear_after_ms";
  public static final String MAX_OUTPUTS = "restream.max_outputs";
  public static final String CONNECT_TIMEOUT_MS = "restream.connect_timeout_ms";
  public static final String INITIAL_BACKOFF_MS = "restream.initial_backoff_ms";
  public static final String MAX_BACKOFF_MS = "restream.max_backoff_ms";
  public static final String MAX_QUEUED_BYTES = "restream.max_queued_bytes";

  public OutputSettings {
    embedConfig(timing, delayMs, mode, rows, defaultRate); // validates timing, delay and rows
    if (maxOutputs < 0 || clearAfterMs < 0) {
      throw new IllegalArgumentException("outputs and clear_after_ms must not be negative");
    }
  }

  /** No captions in the HLS output; outputs with the defaults. */
  public static OutputSettings defaults() {
    return new OutputSettings(false, EmbedConfig.Timing.LIVE, 0, CaptionChannel.Mode.ROLL_UP, 3,
        new FrameRate(30, 1), 4_000, 50, RestreamConfig.defaults());
  }

  /** The embedder's settings for video at {@code rate}. */
  public EmbedConfig embedConfig(FrameRate rate) {
    return embedConfig(timing, delayMs, mode, rows, rate);
  }

  private static EmbedConfig embedConfig(EmbedConfig.Timing timing, long delayMs, CaptionChannel.Mode mode, int rows,
      FrameRate rate) {
    CaptionChannel.Config base = mode == CaptionChannel.Mode.ROLL_UP ? CaptionChannel.Config.rollUp(rate)
        : CaptionChannel.Config.popOn(rate);
    CaptionChannel.Config channel = new CaptionChannel.Config(mode, rows, rate, base.maxBacklogMs(), base.maxCueChars());
    if (mode == CaptionChannel.Mode.ROLL_UP ? rows < 2 || rows > 4 : rows < 1 || rows > 4) {
      throw new IllegalArgumentException("rows are 2..4 for roll-up, 1..4 for pop-on, was " + rows);
    }
    return timing == EmbedConfig.Timing.LIVE ? EmbedConfig.live(channel) : EmbedConfig.synced(delayMs, channel);
  }
}
