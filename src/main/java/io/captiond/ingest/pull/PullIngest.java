package io.captiond.ingest.pull;

import io.captiond.bus.Addresses;
import io.captiond.ingest.IngestEvent;
import io.captiond.ingest.IngestHandle;
import io.captiond.ingest.SourceSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

/**
 * Runs a {@link PullSource} on a thread of its own and puts what it reads on the event bus: chunks
 * to the stream's PCM address, then one {@link IngestEvent} when it ends. A paced source sends and
 * goes on (a live stream does not wait); an unpaced one waits for each chunk's acknowledgement, so
 * the session can slow it to what the recognizer keeps up with.
 */
public final class PullIngest implements IngestHandle {

  private static final long ACK_TIMEOUT_MS = 600_000;

  private final PullSource source;
  private final Thread thread;

  private PullIngest(PullSource source, Thread thread) {
    this.source = source;
    this.thread = thread;
  }

  public static PullIngest start(Vertx vertx, String streamId, SourceSpec spec, PullSettings config,
      MeterRegistry meters) {
    Timer decodeTimer = Timer.builder("captiond.decode").tag("source", "pull")
        .description("FFmpeg time to read and decode one audio frame to 16 kHz PCM").register(meters);
    EventBus bus = vertx.eventBus();
    String address = Addresses.pcm(streamId);
    DeliveryOptions ackTimeout = new DeliveryOptions().setSendTimeout(ACK_TIMEOUT_MS);
    PullSource source = new PullSource(streamId, spec, config, chunk -> {
      if (spec.realtime()) {
        bus.send(address, chunk);
      } else {
        bus.request(address, chunk, ackTimeout).await();
      }
    }, decodeTimer);
    Thread thread = new Thread(() -> {
      IngestEvent end = source.run();
      bus.send(Addresses.ingest(streamId), end);
    }, "pull-" + streamId);
    thread.setDaemon(true);
    thread.start();
    return new PullIngest(source, thread);
  }

  @Override
  public void stop() {
    source.stop();
    thread.interrupt();
  }
}
