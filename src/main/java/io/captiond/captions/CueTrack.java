package io.captiond.captions;

import io.vertx.core.Future;
import java.util.List;

/**
 * An output that carries a stream's cues beside the caption feed (the HLS subtitle rendition; later a
 * translated track or captions embedded in the video). Called on the session's context, in order.
 */
public interface CueTrack {

  /** A cue laid out and announced; cues come in time order. */
  void addCue(CueLayout.Cue cue);

  /**
   * A confirmed caption as soon as it is stored and published, before it is laid out as cues (for
   * outputs that show text as it comes: captions embedded in the video); ignored by default.
   */
  default void confirmed(CaptionEvent caption) {}

  /** No cue will start before {@code streamMs} any more. */
  void settled(long streamMs);

  /**
   * The engine has transcribed the audio before {@code streamMs}, its text confirmed or still tentative
   * (a track that waits for its captions counts its patience from here); ignored by default.
   */
  default void transcribed(long streamMs) {}

  /**
   * Stream times at which this track wants the cue being filled closed once the captions are confirmed up to
   * them (the ends of HLS segments waiting for their cues), in order; none by default.
   */
  default List<Long> dueBoundariesMs() {
    return List.of();
  }

  /**
   * The source has ended: no media follows, but the captions of its last words may still be coming (until
   * {@link #finish}); a track that holds media for its captions keeps holding. Ignored by default.
   */
  default void sourceEnded() {}

  /** The stream ended: write out what is left once {@code mediaDone} completes. */
  Future<Void> finish(Future<Void> mediaDone);

  /** The stream failed: stop at once. */
  void close();
}
