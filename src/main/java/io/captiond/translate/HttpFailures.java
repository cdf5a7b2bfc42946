package io.captiond.translate;

import io.captiond.translate.TranslationException.Reason;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/** Turns what an HTTP call to a translation service ended with into a {@link TranslationException}. */
final class HttpFailures {

  private HttpFailures() {}

  /** A call that got no HTTP answer at all: the service is down, unknown, or too slow. */
  static TranslationException noAnswer(String engine, String url, long timeoutMs, Throwable error) {
    if (error instanceof TranslationException known) {
      return known;
    }
    if (error instanceof TimeoutException) {
      return new TranslationException(Reason.TIMEOUT,
          engine + " at " + url + " did not answer within " + timeoutMs + " ms", error);
    }
    // A kept-alive connection the service closed before answering means it went away, as a refused one does.
    String what = error instanceof ConnectException || error instanceof UnknownHostException
        || error instanceof HttpClosedException ? "is unreachable" : "failed";
    return new TranslationException(Reason.UNREACHABLE,
        engine + " at " + url + " " + what + ": " + describe(error), error);
  }

  /** A call the service answered with an error status. */
  static TranslationException status(String engine, String url, int status, String explanation) {
    Reason reason = status == 429 || status == 503 ? Reason.OVERLOADED
        : status >= 400 && status < 500 ? Reason.REFUSED : Reason.ENGINE_ERROR;
    return new TranslationException(reason, engine + " at " + url + " answered " + status + ": " + explanation);
  }

  /** An answer with a success status that does not say what it should. */
  static TranslationException unreadable(String engine, String url, String why) {
    return new TranslationException(Reason.ENGINE_ERROR, engine + " at " + url + " answered " + why);
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
  }
}
