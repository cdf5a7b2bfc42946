package io.captiond.captions.cea608;

/**
 * One output's captions, end to end: a cue's text becomes CC1 pairs (roll-up by default, pop-on
 * as an option), the same rows as 708 service 1, both paced onto frames; {@link #nextFrame} gives
 * each video frame its {@code cc_data()} (wrap it with {@link A53Sei}). Pure and single-threaded.
 */
public final class CaptionChannel {

  /** How cues appear: roll-up (live, the default) or pop-on (whole cue at once). */
  public enum Mode {
    ROLL_UP,
    POP_ON
  }

  /**
   * @param rows roll-up window depth (2..4) or pop-on rows per cue (1..4)
   * @param maxBacklogMs how late a cue may be shown before {@link #caption} refuses it
   * @param maxCueChars longer text is cut to this many characters before encoding
   */
  public record Config(Mode mode, int rows, FrameRate frameRate, long maxBacklogMs, int maxCueChars) {

    public Config {
      if (maxBacklogMs < 100 || maxCueChars < 1) {
        throw new IllegalArgumentException(
            "need a backlog of at least 100 ms and cues of at least 1 character, were " + maxBacklogMs + ", " + maxCueChars);
      }
    }

    public static Config rollUp(FrameRate frameRate) {
      return new Config(Mode.ROLL_UP, 2, frameRate, 10_000, 1_000);
    }

    public static Config popOn(FrameRate frameRate) {
      return new Config(Mode.POP_ON, 2, frameRate, 10_000, 1_000);
    }
  }

  private final Config config;
  private final RollUpEncoder rollUp;
  private final PopOnEncoder popOn;
  private final Cea708Service service;
  private final DtvccPacketizer packetizer = new DtvccPacketizer(1);
  private final CaptionPacer pacer;

  public CaptionChannel(Config config) {
    this.config = config;
    boolean isRollUp = config.mode() == Mode.ROLL_UP;
    this.rollUp = isRollUp ? new RollUpEncoder(config.rows(), Cea608Codes.ROWS) : null;
    this.popOn = isRollUp ? null : new PopOnEncoder(config.rows());
    this.service = isRollUp ? Cea708Service.rollUp(config.rows()) : Cea708Service.popOn();
    long backlogFrames = Math.max(1, config.frameRate().frameAtOrAfter(config.maxBacklogMs()));
    this.pacer = new CaptionPacer(config.frameRate(), backlogFrames);
  }

  /**
   * Queues {@code text} for stream time {@code atMs}; blank text sends nothing.
   *
   * @throws CaptionBacklogException when the channel is too far behind to show it in time
   */
  public PacedCue caption(String text, long atMs) {
    String cut = text.length() > config.maxCueChars() ? text.substring(0, config.maxCueChars()) : text;
    Cea608Burst burst = rollUp != null ? rollUp.encode(cut) : popOn.encode(cut);
    if (burst.isEmpty()) {
      return PacedCue.NOTHING;
    }
    return pacer.schedule(burst, () -> packetizer.packetize(service.cue(burst.rows())), atMs);
  }

  /**
   * How long after it enters the channel {@code text} is on screen (its pairs up to the one from
   * which a viewer sees it, two bytes a frame): a cue meant to show at a time enters that much earlier.
   */
  public long leadMs(String text) {
    String cut = text.length() > config.maxCueChars() ? text.substring(0, config.maxCueChars()) : text;
    Cea608Burst burst = rollUp != null ? rollUp.encode(cut) : popOn.encode(cut);
    return burst.isEmpty() ? 0 : config.frameRate().durationMs(burst.shownAt() + 1L);
  }

  /** Erases what is shown (608 EDM, 708 DeleteWindows) at {@code atMs}. */
  public PacedCue clear(long atMs) {
    Cea608Burst burst = rollUp != null ? rollUp.erase() : popOn.erase();
    return pacer.schedule(burst, () -> packetizer.packetize(service.erase()), atMs);
  }

  public CcData nextFrame() {
    return pacer.nextFrame();
  }

  public long frame() {
    return pacer.frame();
  }
}
