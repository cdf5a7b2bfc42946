package io.captiond.media.hls;

/** An MPEG-TS segment that cannot be read: says at which byte, what was seen and what was expected. */
public final class TsFormatException extends Exception {

  public TsFormatException(String message) {
    super(message);
  }
}
