package io.captiond.captions.hls;

import io.vertx.core.Vertx;

/**
 * The one timer of a {@link SubtitleRendition}: set for the soonest time a step can be due, so that a stream
 * whose segments wait for their captions costs a timer, not a poll. Used on the rendition's context.
 */
final class StepTimer {

  private final Vertx vertx;
  private final Runnable due;
  private long id = -1;
  private long atMs;

  /** @param due what runs when the time comes (it sets the timer again if it must) */
  StepTimer(Vertx vertx, Runnable due) {
    this.vertx = vertx;
    this.due = due;
  }

  /** Runs {@code due} at {@code atMs} (monotonic ms, after {@code nowMs}), unless it is set to run sooner. */
  void atOrBefore(long atMs, long nowMs) {
    if (id >= 0 && atMs >= this.atMs) {
      return;
    }
    cancel();
    this.atMs = atMs;
    id = vertx.setTimer(Math.max(1, atMs - nowMs), fired -> {
      id = -1;
      due.run();
    });
  }

  void cancel() {
    if (id >= 0) {
      vertx.cancelTimer(id);
      id = -1;
    }
  }
}
