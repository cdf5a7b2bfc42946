package io.captiond.captions;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Stores finals in the {@link CaptionLog} and rides out a disk that refuses them (full, or failing):
 * a final that cannot be stored is held in memory, in order, with every later one, and the held
 * finals are retried with back-off (doubling from {@link #FIRST_RETRY_MS} to {@link #LAST_RETRY_MS})
 * until the disk takes them again; meanwhile the stream goes on live and its {@link StoreHealth} hears
 * it is degraded, then healed once the backlog is written.
 *
 * <p>Bounded: beyond {@code maxHeld} finals the oldest held one is dropped (it was announced live;
 * keeping the newest serves a viewer who joins or reconnects), counted and logged, never silently.
 *
 * <p>Call on the session's context; the writes run on worker threads, one at a time.
 */
final class PendingFinals {

  static final long FIRST_RETRY_MS = 100;
  static final long LAST_RETRY_MS = 2_000;
  private static final Logger LOG = Logger.getLogger(PendingFinals.class.getName());

  private final Vertx vertx;
  private final String streamId;
  private final CaptionLog log;
  private final int maxHeld;
  private final StoreHealth health;
  private final ArrayDeque<CaptionEvent> held = new ArrayDeque<>();
  private final List<Promise<Void>> drained = new ArrayList<>();
  private boolean writing;
  private long retryMs = FIRST_RETRY_MS;
  private long retryTimer = -1;
  private long dropped;
  private volatile String lastError = "";

  PendingFinals(Vertx vertx, String streamId, CaptionLog log, int maxHeld, StoreHealth health) {
    this.vertx = vertx;
    this.streamId = streamId;
    this.log = log;
    this.maxHeld = maxHeld;
    this.health = health;
  }

  /** Stores {@code caption}, or holds it behind the finals already held; completes either way. */
  Future<Void> store(CaptionEvent caption) {
    if (!held.isEmpty() || writing) {
      hold(caption);
      return Future.succeededFuture();
    }
    writing = true;
    return vertx.<Void>executeBlocking(() -> {
      log.append(caption);
      return null;
    }).transform(stored -> {
      writing = false;
      if (stored.failed()) {
        lastError = String.valueOf(stored.cause().getMessage());
        LOG.warning(() -> "stream " + streamId + ": cannot store final " + caption.seq() + " (" + lastError
            + "): holding finals in memory and retrying");
        hold(caption);
      }
      return Future.succeededFuture();
    });
  }

  /** Finals held in memory now. */
  int heldCount() {
    return held.size();
  }

  /** Held finals dropped over the bound so far. */
  long droppedCount() {
    return dropped;
  }

  /** Completes once nothing is held (at once if nothing is). */
  Future<Void> drained() {
    if (held.isEmpty() && !writing) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    drained.add(promise);
    return promise.future();
  }

  /** Gives up on the held finals (the stream is gone): they are counted and logged as lost. */
  void abandon() {
    vertx.cancelTimer(retryTimer);
    if (!held.isEmpty()) {
      long lost = held.size();
      long firstSeq = held.peekFirst().seq();
      held.clear();
      dropped += lost;
      LOG.severe(() -> "stream " + streamId + ": " + lost + " final(s) from seq " + firstSeq
          + " never reached the disk (" + lastError + "); they were announced live only");
    }
    drained.forEach(Promise::tryComplete);
    drained.clear();
  }

  private void hold(CaptionEvent caption) {
    held.addLast(caption);
    boundHeld();
    health.degraded(detail());
    scheduleRetry();
  }

  private void boundHeld() {
    while (held.size() > maxHeld && !writing) {
      CaptionEvent oldest = held.pollFirst();
      dropped++;
      LOG.severe(() -> "stream " + streamId + ": dropping unstored final " + oldest.seq() + " (more than "
          + maxHeld + " held; " + dropped + " dropped so far): \"" + oldest.text() + "\"");
    }
  }

  private String detail() {
    return "cannot store captions (" + lastError + "): " + held.size() + " final(s) held in memory"
        + (dropped > 0 ? ", " + dropped + " dropped" : "");
  }

  private void scheduleRetry() {
    if (retryTimer < 0 && !writing) {
      retryTimer = vertx.setTimer(retryMs, id -> {
        retryTimer = -1;
        retry();
      });
    }
  }

  private void retry() {
    if (held.isEmpty()) {
      return;
    }
    writing = true;
    List<CaptionEvent> batch = List.copyOf(held);
    vertx.executeBlocking(() -> {
      int stored = 0;
      try {
        for (CaptionEvent caption : batch) {
          log.append(caption);
          stored++;
        }
      } catch (Exception e) {
        lastError = String.valueOf(e.getMessage());
      }
      return stored;
    }).onComplete(result -> {
      writing = false;
      int stored = result.succeeded() ? result.result() : 0;
      for (int i = 0; i < stored; i++) {
        held.pollFirst();
      }
      boundHeld();
      if (held.isEmpty()) {
        retryMs = FIRST_RETRY_MS;
        LOG.info(() -> "stream " + streamId + ": finals reach the disk again; the held ones are stored");
        health.healed();
        drained.forEach(Promise::tryComplete);
        drained.clear();
      } else {
        retryMs = Math.min(LAST_RETRY_MS, retryMs * 2);
        health.degraded(detail());
        scheduleRetry();
      }
    });
  }
}
