package io.captiond.asr;

/**
 * An engine that decodes an utterance as its audio arrives ({@link UtteranceFeed}): each piece is
 * decoded once, into the utterance's open decoder, and the answer is the hypothesis so far (the final
 * one, with word times, for the last piece). Pieces of one utterance come in order, one at a time.
 */
public interface StreamingAsrEngine extends AsrEngine {

  /**
   * Feeds {@code window} (the samples from {@code feed.offset()} on) to the utterance's decoder.
   *
   * @throws ResyncException when the utterance's decoder is not here or holds a different amount
   *     of audio: the caller sends the utterance again from its first sample
   */
  Transcript feed(UtteranceFeed feed, AudioWindow window, TranscribeOptions options) throws AsrException;

  /**
   * The worker holds no decoder for the utterance at the offset asked (restarted, another worker,
   * expired, a piece lost): the session must send the utterance again from offset 0.
   */
  final class ResyncException extends AsrException {
    public ResyncException(String message) {
      super(message);
    }
  }
}
