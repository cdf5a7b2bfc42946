package io.captiond.asr;

/**
 * A speech recognizer: turns one window of 16 kHz mono audio into timed segments.
 *
 * <p>Implementations are blocking and may be slow (they run on worker threads, never on an event
 * loop). They must be safe to call from several threads at once; an engine that is not keeps a pool
 * of decoders inside. Times in the returned {@link Transcript} are stream milliseconds: the window's
 * {@link AudioWindow#startMs()} plus the offset inside the window.
 */
public interface AsrEngine extends AutoCloseable {

  /** A short, stable name for logs and metrics, e.g. {@code pocketsphinx} or {@code whisper-base}. */
  String name();

  /** What the engine can say about word times. */
  WordTiming wordTiming();

  /** The languages it transcribes; streams are checked against this when they are created. */
  default LanguageSupport languages() {
    return LanguageSupport.ANY;
  }

  Transcript transcribe(AudioWindow window, TranscribeOptions options) throws AsrException;

  @Override
  void close();
}
