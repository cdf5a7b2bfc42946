package io.captiond.restream;

/** The RTMP server refused or broke the publish conversation; the message says what it sent. */
public final class RestreamException extends RuntimeException {

  public RestreamException(String message) {
    super(message);
  }
}
