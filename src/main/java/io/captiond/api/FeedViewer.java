package io.captiond.api;

import io.captiond.bus.Addresses;
import io.captiond.captions.CaptionEvent;
import io.captiond.captions.CaptionLog;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * One connected caption viewer: the stored finals after its {@code since}, read page by page and sent as the
 * socket drains (a long log is never read whole, nor queued whole), then the live events, held while the replay
 * runs so none is lost or sent twice. A viewer that stops reading live is dropped once its write queue is full.
 * Closed with a reason when its stream ends or is deleted (after its replay), or when its admission is withdrawn.
 * On the API verticle's event loop.
 */
final class FeedViewer {

  private static final Logger LOG = Logger.getLogger(FeedViewer.class.getName());
  private static final int PAGE_BYTES = 64 * 1024;
  /** Live events held while replaying; a replay slower than this many is not worth finishing. */
  private static final int MAX_HELD = 10_000;

  private final Vertx vertx;
  private final BlockingPool pool;
  private final ServerWebSocket ws;
  private final io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();
  private final String streamId;
  private final CaptionLog log;
  private final ViewerGate.Admission admission;
  private final List<CaptionEvent> heldWhileReplaying = new ArrayList<>();
  private long lastSent;
  private long readFrom;
  private boolean replaying = true;
  private short closeAfterReplay;
  private String closeReason;
  private MessageConsumer<CaptionEvent> live;

  FeedViewer(Vertx vertx, BlockingPool pool, ServerWebSocket ws, String streamId, CaptionLog log, long since,
      ViewerGate.Admission admission) {
    this.vertx = vertx;
    this.pool = pool;
    this.ws = ws;
    this.streamId = streamId;
    this.log = log;
    this.lastSent = since;
    this.admission = admission;
  }

  ServerWebSocket socket() {
    return ws;
  }

  ViewerGate.Admission admission() {
    return admission;
  }

  /** Starts following the live captions and replaying the stored ones; {@code onClose} runs once it is closed. */
  void start(Runnable onClose) {
    // local: the stream's session publishes on this node (sessions live on API nodes); a cluster-wide consumer
    // per viewer would register every viewer in the cluster's subscription map
    live = vertx.eventBus().localConsumer(Addresses.captions(streamId), message -> onLive(message.body()));
    ws.closeHandler(v -> {
      live.unregister();
      onClose.run();
      closed.tryComplete();
    });
    ws.exceptionHandler(error -> LOG.fine(() -> "viewer of " + streamId + ": " + error.getMessage()));
    replayPage();
  }

  /** Completes once the socket is closed. */
  io.vertx.core.Future<Void> closed() {
    return closed.future();
  }

  /** Closes it now, or, while it is still replaying, once the replay is sent. */
  void close(short code, String reason) {
    if (replaying) {
      closeAfterReplay = code;
      closeReason = reason;
    } else if (!ws.isClosed()) {
      ws.close(code, reason);
    }
  }

  private void replayPage() {
    long afterSeq = lastSent;
    long from = readFrom;
    pool.submit(() -> log.readPage(afterSeq, from, PAGE_BYTES)).onComplete(read -> {
      if (ws.isClosed()) {
        return;
      }
      if (read.failed()) {
        boolean busy = read.cause() instanceof BlockingPool.Busy;
        LOG.warning(() -> "stream " + streamId + ": cannot replay stored captions: " + read.cause().getMessage());
        ws.close(busy ? (short) 1013 : (short) 1011, busy ? "server busy, try again" : "cannot read stored captions");
        return;
      }
      CaptionLog.Page page = read.result();
      page.events().forEach(this::send);
      readFrom = page.next();
      if (!page.atEnd()) {
        if (ws.writeQueueFull()) {
          ws.drainHandler(v -> {
            ws.drainHandler(null);
            replayPage();
          });
        } else {
          replayPage();
        }
        return;
      }
      replaying = false;
      heldWhileReplaying.forEach(this::send);
      heldWhileReplaying.clear();
      if (closeAfterReplay != 0) {
        ws.close(closeAfterReplay, closeReason);
      }
    });
  }

  private void onLive(CaptionEvent event) {
    if (!replaying) {
      send(event);
    } else if (heldWhileReplaying.size() < MAX_HELD) {
      heldWhileReplaying.add(event);
    } else {
      ws.close((short) 1008, "viewer too slow");
    }
  }

  private void send(CaptionEvent event) {
    if (event.seq() <= lastSent || ws.isClosed()) {
      return;
    }
    if (!replaying && ws.writeQueueFull()) {
      LOG.warning(() -> "viewer of " + streamId + " is not reading; dropping it");
      ws.close((short) 1008, "viewer too slow");
      return;
    }
    lastSent = event.seq();
    ws.writeTextMessage(event.toJson().encode());
  }
}
