package io.captiond.asr.pocketsphinx;

import io.captiond.asr.AsrException;
import java.util.List;

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

  @Override
  void close();
}
