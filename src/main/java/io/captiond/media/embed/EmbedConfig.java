package io.captiond.media.embed;

import io.captiond.captions.cea608.CaptionChannel;

/**
 * How one output carries captions.
 *
 * @param timing {@link Timing#LIVE} or {@link Timing#SYNCED}
 * @param delayMs how long a synced output holds its tags (stream time); 0 for live
 * @param channel the 608/708 channel: mode, rows, the video's frame rate, limits
 */
public record EmbedConfig(Timing timing, long delayMs, CaptionChannel.Config channel) {

  /** The two timings. */
  public enum Timing {
    /** Captions go on the next frame out once confirmed, the broadcast norm; the output is not delayed. */
    LIVE,
    /** The output is delayed by {@code delayMs} so each caption lands on the frame of its words' time. */
    SYNCED
  }

  /** A synced output is held at most a minute: its tags wait in memory for that long. */
  public static final long MAX_DELAY_MS = 60_000;

  public EmbedConfig {
    if (timing == Timing.LIVE && delayMs != 0) {
      throw new IllegalArgumentException("a live output is not delayed, delay was " + delayMs + " ms");
    }
    if (timing == Timing.SYNCED && (delayMs < 1 || delayMs > MAX_DELAY_MS)) {
      throw new IllegalArgumentException("a synced output's delay is 1.." + MAX_DELAY_MS + " ms, was " + delayMs);
    }
  }

  public static EmbedConfig live(CaptionChannel.Config channel) {
    return new EmbedConfig(Timing.LIVE, 0, channel);
  }

  public static EmbedConfig synced(long delayMs, CaptionChannel.Config channel) {
    return new EmbedConfig(Timing.SYNCED, delayMs, channel);
  }
}
