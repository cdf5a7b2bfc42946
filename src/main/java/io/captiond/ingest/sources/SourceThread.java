package io.captiond.ingest.sources;

import io.captiond.bus.Addresses;
import io.captiond.ingest.IngestEvent;
import io.captiond.ingest.IngestHandle;
import io.captiond.media.PcmSink;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.function.Supplier;

/**
 * Runs a blocking source (a pull source, an HLS source) on a thread of its own and puts what it reads
 * on the event bus: chunks to the stream's PCM address ({@link #pcmSink}), then one
 * {@link IngestEvent} when it ends. A paced source sends and goes on (a live stream does not wait);
 * an unpaced one waits for each chunk's acknowledgement, so the session can slow it to what the
 * recognizer keeps up with.
 */
final class SourceThread implements IngestHandle {

  private static final long ACK_TIMEOUT_MS = 600_000;

  private final Runnable stopSource;
  private final Thread thread;

  private SourceThread(Runnable stopSource, Thread thread) {
    this.stopSource = stopSource;
    this.thread = thread;
  }

  /** Where a source of the stream hands its chunks: sent when {@code realtime}, else acknowledged one by one. */
  static PcmSink pcmSink(Vertx vertx, String streamId, boolean realtime) {
    EventBus bus = vertx.eventBus();
    String address = Addresses.pcm(streamId);
    DeliveryOptions ackTimeout = new DeliveryOptions().setSendTimeout(ACK_TIMEOUT_MS);
    return chunk -> {
      if (realtime) {
        bus.send(address, chunk);
      } else {
        bus.request(address, chunk, ackTimeout).await();
      }
    };
  }

  /** Starts {@code run} (which blocks until the source ends and says how); {@code stop} asks it to end. */
  static SourceThread start(Vertx vertx, String streamId, String name, Supplier<IngestEvent> run, Runnable stop) {
    Thread thread = new Thread(() -> vertx.eventBus().send(Addresses.ingest(streamId), run.get()),
        name + "-" + streamId);
    thread.setDaemon(true);
    thread.start();
    return new SourceThread(stop, thread);
  }

  @Override
  public void stop() {
    stopSource.run();
    thread.interrupt();
  }
}
