package io.captiond.media.embed;

import io.captiond.captions.cea608.PacedCue;

/**
 * A cue as it went into the video: its text (empty for a clear), the stream time it was asked
 * for, the presentation time of the frame where it entered the channel and where the pacer put it
 * ({@code paced} counts in that channel's frames); {@code paced} is null when the channel refused
 * the cue as too far behind.
 */
public record EmbeddedCue(String text, long requestedMs, long enteredAtPtsMs, PacedCue paced) {

  public boolean refused() {
    return paced == null;
  }
}
