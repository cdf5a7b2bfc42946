package io.captiond.restream;

import io.captiond.captions.CaptionEvent;
import io.captiond.captions.CueLayout;
import io.captiond.captions.CueTrack;
import io.vertx.core.Future;

/**
 * Feeds a stream's confirmed captions to its {@link StreamOutputs} as they come (roll-up shows text
 * as confirmed; the laid-out cues are for the subtitle files), and erases the screen once the
 * captions have settled quiet.
 */
public final class CaptionsTrack implements CueTrack {

  private final StreamOutputs outputs;

  public CaptionsTrack(StreamOutputs outputs) {
    this.outputs = outputs;
  }

  @Override
  public void confirmed(CaptionEvent caption) {
    outputs.caption(caption.text(), caption.startMs(), caption.endMs());
  }

  @Override
  public void addCue(CueLayout.Cue cue) {
    // the text went in when it was confirmed
  }

  @Override
  public void settled(long streamMs) {
    outputs.settled(streamMs);
  }

  @Override
  public Future<Void> finish(Future<Void> mediaDone) {
    return mediaDone;
  }

  @Override
  public void close() {
    // the outputs close with the session
  }
}
