package io.captiond.media;

/** FFmpeg could not decode (or resample) a piece of published media; says what and why. */
public final class MediaDecodeException extends RuntimeException {

  public MediaDecodeException(String message) {
    super(message);
  }
}
