package io.captiond.asr;

/** A window could not be transcribed, or an engine could not be loaded; the message says why. */
public class AsrException extends Exception {

  public AsrException(String message) {
    super(message);
  }

  public AsrException(String message, Throwable cause) {
    super(message, cause);
  }
}
