package io.captiond.asr;

import java.util.List;

/**
 * An engine that transcribes several windows (from any streams) faster together than one by one.
 * The ASR worker gathers up to {@link #maxBatch()} requests for it, waiting at most
 * {@link #batchWaitMs()} after the first.
 */
public interface BatchAsrEngine extends AsrEngine {

  /** The most windows per call; 1 turns batching off. */
  int maxBatch();

  /** How long a worker may hold a request while it waits for more. */
  long batchWaitMs();

  /**
   * One outcome per window, in order; a window that fails does not fail the others.
   *
   * @param options each window's options (same size as {@code windows})
   */
  List<Outcome> transcribeAll(List<AudioWindow> windows, List<TranscribeOptions> options);

  /** A transcript, or the failure that stands for it. */
  record Outcome(Transcript transcript, AsrException failure) {

    public static Outcome of(Transcript transcript) {
      return new Outcome(transcript, null);
    }

    public static Outcome failed(AsrException failure) {
      return new Outcome(null, failure);
    }
  }
}
