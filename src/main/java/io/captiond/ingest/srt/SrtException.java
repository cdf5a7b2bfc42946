package io.captiond.ingest.srt;

/** An SRT source cannot go on: the message says what was tried and what went wrong, for the user. */
public final class SrtException extends Exception {

  public SrtException(String message) {
    super(message);
  }
}
