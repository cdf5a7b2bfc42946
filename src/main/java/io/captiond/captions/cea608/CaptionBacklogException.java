package io.captiond.captions.cea608;

/**
 * A cue that would be shown later than the configured backlog allows: the channel's ~60
 * characters a second cannot keep up with the text offered. Nothing of the cue was scheduled.
 */
public final class CaptionBacklogException extends Cea608Exception {

  public CaptionBacklogException(long delayFrames, long maxBacklogFrames) {
    super("cue would be shown " + delayFrames + " frames late, the backlog allows " + maxBacklogFrames);
  }
}
