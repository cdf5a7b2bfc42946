package io.captiond.asr;

import java.util.Objects;

/**
 * One window for an ASR worker to transcribe, sent by a stream's session.
 *
 * @param engine the engine the stream asked for, or {@code null} for the worker's default
 */
public record AsrRequest(String streamId, String engine, TranscribeOptions options, AudioWindow window) {

  public AsrRequest {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(window, "window");
  }
}
