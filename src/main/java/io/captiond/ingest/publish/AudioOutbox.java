package io.captiond.ingest.publish;

import io.captiond.media.PcmChunk;
import io.captiond.media.RealTimePacer;
import io.captiond.media.SerialLane;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Where one RTMP stream's decoded chunks wait for their turn to go to the session, without holding a
 * thread: paced to real time while a publisher is on (a timer wakes the stream when the next chunk is
 * due), joined into acknowledged runs while what a departed publisher sent drains (the reply wakes
 * it). Points in the flow ({@link #then}) run once everything before them went out. Every method runs
 * on the stream's {@link SerialLane}.
 */
final class AudioOutbox {

  /**
   * While draining, chunks go out joined into runs of about this length, each acknowledged: the session
   * slows the source to what it keeps up with, without a round trip (and a VAD step) per chunk.
   */
  private static final long DRAIN_BATCH_MS = 1_000;
  private static final long ACK_TIMEOUT_MS = 600_000;

  private final Vertx vertx;
  private final EventBus bus;
  private final String streamId;
  private final String pcm;
  private final SerialLane lane;
  private final RealTimePacer pacer;
  private final AtomicInteger draining;
  private final BooleanSupplier stopped;
  private final DeliveryOptions ackTimeout = new DeliveryOptions().setSendTimeout(ACK_TIMEOUT_MS);
  private final ArrayDeque<Object> queue = new ArrayDeque<>();
  private final List<PcmChunk> batch = new ArrayList<>();
  private long batchMs;
  private long pacingTimer = -1;
  private boolean awaitingAck;
  private Runnable onFree = () -> {};

  AudioOutbox(Vertx vertx, String streamId, String pcm, SerialLane lane, RealTimePacer pacer,
      AtomicInteger draining, BooleanSupplier stopped) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.streamId = streamId;
    this.pcm = pcm;
    this.lane = lane;
    this.pacer = pacer;
    this.draining = draining;
    this.stopped = stopped;
  }

  /**
   * Runs {@code listener} (on the lane) whenever the outbox stops holding: the source reads on then,
   * as a decoder thread blocked in its send would have.
   */
  void onFree(Runnable listener) {
    onFree = listener;
  }

  /**
   * Whether a chunk is held for its time or a run for its acknowledgement: the source reads no more
   * meanwhile, so that what a publisher sends too fast waits (and overflows) in its bounded pipe.
   */
  boolean holding() {
    return pacingTimer >= 0 || awaitingAck;
  }

  void add(PcmChunk chunk) {
    queue.addLast(chunk);
    pump();
  }

  /** Runs {@code step} once every chunk added before went out (and, draining, was acknowledged). */
  void then(Runnable step) {
    queue.addLast(step);
    pump();
  }

  /** Something changed (a publisher left, the stream stopped): a chunk held for its time may go now. */
  void wake() {
    if (pacingTimer >= 0) {
      vertx.cancelTimer(pacingTimer);
      pacingTimer = -1;
    }
    resume();
  }

  private void pump() {
    while (pacingTimer < 0 && !awaitingAck && !queue.isEmpty()) {
      Object head = queue.peekFirst();
      boolean unpaced = stopped.getAsBoolean() || draining.get() > 0;
      if (head instanceof PcmChunk chunk) {
        if (!unpaced) {
          long delayMs = pacer.delayMs(chunk.startMs() + chunk.durationMs());
          if (delayMs > 0) {
            pacingTimer = vertx.setTimer(delayMs, id -> lane.execute(() -> {
              pacingTimer = -1;
              resume();
            }));
            return;
          }
          queue.pollFirst();
          bus.send(pcm, chunk);
        } else {
          queue.pollFirst();
          batch.add(chunk);
          batchMs += chunk.durationMs();
          if (batchMs >= DRAIN_BATCH_MS) {
            sendBatch();
          }
        }
      } else if (!batch.isEmpty()) {
        sendBatch(); // what was gathered goes before the step
      } else {
        queue.pollFirst();
        ((Runnable) head).run();
      }
    }
  }

  /** The chunks gathered while draining, as one; the outbox waits until the session took it. */
  private void sendBatch() {
    short[] samples = new short[batch.stream().mapToInt(c -> c.samples().length).sum()];
    int at = 0;
    for (PcmChunk chunk : batch) {
      System.arraycopy(chunk.samples(), 0, samples, at, chunk.samples().length);
      at += chunk.samples().length;
    }
    PcmChunk joined = new PcmChunk(streamId, batch.get(0).startMs(), samples);
    batch.clear();
    batchMs = 0;
    if (stopped.getAsBoolean()) {
      bus.send(pcm, joined); // nobody to slow down for
      return;
    }
    awaitingAck = true;
    // whether taken or refused (no session: stopping), the stream goes on
    bus.request(pcm, joined, ackTimeout).onComplete(reply -> lane.execute(() -> {
      awaitingAck = false;
      resume();
    }));
  }

  private void resume() {
    pump();
    if (!holding()) {
      onFree.run();
    }
  }
}
