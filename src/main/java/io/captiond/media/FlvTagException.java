package io.captiond.media;

/** An FLV tag the HLS output cannot use (a garbage header, a truncated or oversize body); says what was seen. */
public final class FlvTagException extends RuntimeException {

  public FlvTagException(String message) {
    super(message);
  }
}
