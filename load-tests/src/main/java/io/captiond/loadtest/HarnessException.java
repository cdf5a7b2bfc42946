package io.captiond.loadtest;

/** Why a run failed, in words for the operator: the harness prints it and exits non-zero. */
public final class HarnessException extends RuntimeException {

  public HarnessException(String message) {
    super(message);
  }

  public HarnessException(String message, Throwable cause) {
    super(message, cause);
  }
}
