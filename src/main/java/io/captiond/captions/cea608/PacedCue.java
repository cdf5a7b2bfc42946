package io.captiond.captions.cea608;

/**
 * Where the pacer put a cue: due at frame {@code dueFrame} (the first frame at or after its time,
 * or the next frame to send when that time has passed), first pair sent at {@code firstFrame},
 * visible from {@code shownFrame}; {@code delayMs} is the pacing delay from due to shown, what the
 * channel's rate (and the cues queued before it) cost this cue.
 */
public record PacedCue(long dueFrame, long firstFrame, long shownFrame, long delayMs) {

  static final PacedCue NOTHING = new PacedCue(-1, -1, -1, 0);
}
