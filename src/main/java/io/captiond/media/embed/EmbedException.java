package io.captiond.media.embed;

/** An access unit or FLV tag that cannot carry captions as it is; the message says what was seen. */
public final class EmbedException extends RuntimeException {

  public EmbedException(String message) {
    super(message);
  }
}
