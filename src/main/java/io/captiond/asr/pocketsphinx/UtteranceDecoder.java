package io.captiond.asr.pocketsphinx;

import io.captiond.asr.AsrException;
import java.util.List;
import java.util.Optional;

/**
 * A decoder that takes one utterance at a time, piece by piece. Not thread-safe: one caller at a time.
 */
interface UtteranceDecoder extends AutoCloseable {

  /** Starts an utterance; the previous one was finished or abandoned. */
  void begin() throws AsrException;

  /** Decodes the next samples of the utterance. */
  void process(short[] samples) throws AsrException;

  /** The best path so far (a partial hypothesis), times from the utterance's first sample. */
  List<DecodedWord> hypothesis();

  /** Ends the utterance and returns its final best path, times from the utterance's first sample. */
  List<DecodedWord> finish() throws AsrException;

  /** Ends an utterance whose result nobody wants (expired, evicted), so the decoder can begin again. */
  void abandon();

  /**
   * The live cepstral mean the next utterance will be normalized by (learnt from the utterances heard);
   * empty where the decoder cannot tell.
   */
  default Optional<float[]> channelMean() {
    return Optional.empty();
  }

  /** Sets the live cepstral mean for the next utterance (between utterances); ignored where unsupported. */
  default void normalizeBy(float[] mean) {}

  /** The cepstral mean of {@code samples} (between utterances); empty where unsupported. */
  default Optional<float[]> meanOf(short[] samples) {
    return Optional.empty();
  }

  @Override
  void close();
}
