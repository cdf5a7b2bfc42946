package io.captiond.session;

import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * What a stream's decodes do when its source says that all the audio so far is here (it paused: a
 * publisher left, or it ended) or that the audio coming is behind real time (what a publisher that
 * left had sent ahead). At a pause the speech still open is decoded to its end at once, rather than
 * when more audio would show it over; audio after it opens new speech. While the source catches up,
 * the decodes skip what only matters live ({@link DecodeLoop#catchUp}). Runs on the session's context.
 */
final class SourcePauses {

  private static final Logger LOG = Logger.getLogger(SourcePauses.class.getName());

  private final String streamId;
  private final VadStage vad;
  private final Supplier<DecodeLoop> decodes;
  private boolean catchingUp;

  /** @param decodes the stream's decodes, or {@code null} before its first audio */
  SourcePauses(String streamId, VadStage vad, Supplier<DecodeLoop> decodes) {
    this.streamId = streamId;
    this.vad = vad;
    this.decodes = decodes;
  }

  /** Tunes new decodes to what the source said so far. */
  DecodeLoop adopt(DecodeLoop loop) {
    loop.catchUp(catchingUp);
    return loop;
  }

  /** The audio coming is behind real time, until the pause that follows. */
  void draining() {
    catchingUp = true;
    DecodeLoop loop = decodes.get();
    if (loop != null) {
      loop.catchUp(true);
    }
  }

  /** The source paused: all its audio so far is here. */
  void paused(String why) {
    LOG.info(() -> "stream " + streamId + ": source paused (" + why + "), its open speech is decoded now");
    allHere(() -> {});
  }

  /** The source ended: as at a pause, then {@code then} runs. */
  void ended(String why, Runnable then) {
    LOG.info(() -> "stream " + streamId + ": source ended (" + why + "), finishing captions");
    allHere(then);
  }

  /** Once the VAD has judged the audio given so far, open speech is decoded to its end, then {@code then} runs. */
  private void allHere(Runnable then) {
    vad.afterPending(() -> {
      catchingUp = false;
      DecodeLoop loop = decodes.get();
      if (loop != null) {
        loop.endSpeech(vad.flush());
        loop.catchUp(false);
      }
      then.run();
    });
  }
}
