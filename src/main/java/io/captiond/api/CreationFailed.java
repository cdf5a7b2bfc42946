package io.captiond.api;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Why {@code POST /api/streams} failed, as the client is told: the client's own fault (a 4xx the check or the
 * stream's session gave) keeps its status and message; anything else is a 500 that says the stream was not made.
 */
final class CreationFailed extends RuntimeException {

  private final int status;

  CreationFailed(int status, String message) {
    super(status >= 500 ? "could not create stream: " + message : message, null, false, false);
    this.status = status;
  }

  static CreationFailed of(Throwable error) {
    if (error instanceof CreationFailed failed) {
      return failed;
    }
    if (error instanceof IllegalArgumentException) {
      return new CreationFailed(400, error.getMessage());
    }
    if (error instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && reply.failureCode() >= 400 && reply.failureCode() < 500) {
      return new CreationFailed(reply.failureCode(), reply.getMessage());
    }
    return new CreationFailed(500, error.getMessage());
  }

  int status() {
    return status;
  }
}
