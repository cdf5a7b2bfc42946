package io.captiond.vad;

/** The VAD model could not be loaded or could not be run; the message says which file and why. */
public class VadException extends Exception {

  public VadException(String message) {
    super(message);
  }

  public VadException(String message, Throwable cause) {
    super(message, cause);
  }
}
