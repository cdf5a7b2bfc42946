package io.captiond.asr;

import java.util.Objects;

/**
 * One window for an ASR worker to transcribe, sent by a stream's session.
 *
 * @param engine the engine the stream asked for, or {@code null} for the worker's default
 * @param deadlineMs when the answer stops being of use, in epoch milliseconds (the session has given
 *     up by then and sent the window elsewhere or skipped it); {@link #NO_DEADLINE} for none. Nodes of
 *     a cluster are assumed to keep their clocks within a fraction of a window of each other (NTP).
 * @param feed for a streaming engine, which utterance the window continues; {@code null}: decode the
 *     window on its own
 */
public record AsrRequest(String streamId, String engine, TranscribeOptions options, AudioWindow window,
    long deadlineMs, UtteranceFeed feed) {

  public static final long NO_DEADLINE = Long.MAX_VALUE;

  public AsrRequest {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(window, "window");
  }

  /** A window decoded on its own. */
  public AsrRequest(String streamId, String engine, TranscribeOptions options, AudioWindow window, long deadlineMs) {
    this(streamId, engine, options, window, deadlineMs, null);
  }

  /** A request without a deadline. */
  public AsrRequest(String streamId, String engine, TranscribeOptions options, AudioWindow window) {
    this(streamId, engine, options, window, NO_DEADLINE);
  }

  /** Whether the deadline has passed at {@code nowMs}. */
  public boolean expired(long nowMs) {
    return nowMs > deadlineMs;
  }
}
