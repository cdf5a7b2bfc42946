package io.captiond.translate;

/**
 * Why a translation did not come back. The {@link Reason} tells a caller whether trying the same
 * units again later can help: an engine that is down or overloaded may recover; a pair it does not
 * offer or a request it refuses will not change.
 */
public final class TranslationException extends RuntimeException {

  /** What went wrong, in the terms a caller decides on. */
  public enum Reason {
    /** The engine does not offer that language pair. */
    UNSUPPORTED_PAIR(false),
    /** The service could not be reached (connection refused, reset, DNS). */
    UNREACHABLE(true),
    /** The service did not answer within the time allowed. */
    TIMEOUT(true),
    /** The service refused the request as invalid or unauthorised (4xx other than 429). */
    REFUSED(false),
    /** The service asked us to slow down (429) or is too busy. */
    OVERLOADED(true),
    /** The service failed or answered something we cannot read (5xx, bad JSON). */
    ENGINE_ERROR(true);

    private final boolean retryable;

    Reason(boolean retryable) {
      this.retryable = retryable;
    }
  }

  private final Reason reason;

  public TranslationException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public TranslationException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Whether the same request may succeed later. */
  public boolean retryable() {
    return reason.retryable;
  }
}
